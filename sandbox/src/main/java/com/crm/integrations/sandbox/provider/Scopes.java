package com.crm.integrations.sandbox.provider;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Space-separated scope lists (RFC 6749 §3.3), kept in the order they were given. */
public final class Scopes {

    private static final Pattern TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private Scopes() {
    }

    /**
     * @return the scopes of {@code value} in order, without duplicates; empty for {@code null} or blank
     * @throws IllegalArgumentException when a scope holds a character RFC 6749 forbids
     */
    public static Set<String> parse(String value) {
        Set<String> scopes = new LinkedHashSet<>();
        if (value == null || value.isBlank()) {
            return scopes;
        }
        for (String token : value.trim().split(" +")) {
            if (!TOKEN.matcher(token).matches()) {
                throw new IllegalArgumentException("scope is malformed");
            }
            scopes.add(token);
        }
        return scopes;
    }

    /** Whether {@code value} is one scope token (RFC 6749 §3.3). */
    public static boolean isScope(String value) {
        return value != null && TOKEN.matcher(value).matches();
    }

    /** An unmodifiable copy that keeps the order. */
    public static Set<String> copy(Collection<String> scopes) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
    }

    public static String join(Collection<String> scopes) {
        return String.join(" ", scopes);
    }
}
