package com.crm.integrations.common.events.payload;

import java.util.Objects;

/**
 * An enum whose constants each have one name outside the JVM: in events, API bodies, URLs and
 * database columns (lower snake case, e.g. {@code needs_reauth}). Jackson writes and reads that name
 * through {@code @JsonValue}; code that needs it calls {@link #wireName()} instead of lower-casing
 * {@code name()} by hand.
 */
public interface WireNamed {

    /** This constant's name on the wire. */
    String wireName();

    /**
     * The constant of {@code type} whose wire name is {@code wireName}.
     *
     * @throws IllegalArgumentException when none has it (including {@code null})
     */
    static <E extends Enum<E> & WireNamed> E fromWireName(Class<E> type, String wireName) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wireName().equals(wireName)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("No " + type.getSimpleName() + " is called " + Objects.toString(wireName));
    }
}
