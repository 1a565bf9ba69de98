package com.crm.integrations.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.payload.WireNamed;
import com.crm.integrations.token.crypto.TokenField;

/** The token service's own enums: one lower snake case wire name per constant, found back by it. */
class WireNamesTest {

    private static final List<Class<? extends Enum<?>>> ENUMS = List.of(Revocation.class, KeyRotationStatus.class,
            AuthorizationOutcome.class, TokenField.class);

    @Test
    void eachConstantHasALowerSnakeCaseWireNameOfItsOwn() {
        for (Class<? extends Enum<?>> type : ENUMS) {
            List<String> names = Arrays.stream(type.getEnumConstants()).map(constant -> ((WireNamed) constant).wireName()).toList();
            names.forEach(name -> assertTrue(name.matches("[a-z][a-z_]*"), type.getSimpleName() + ": " + name));
            assertEquals(names.size(), names.stream().distinct().count(), type.getSimpleName());
        }
    }

    @Test
    void theWireNameIsTheConstantsNameInLowerCase() {
        assertEquals("provider_unreachable", Revocation.PROVIDER_UNREACHABLE.wireName());
        assertEquals(KeyRotationStatus.COMPLETED, WireNamed.fromWireName(KeyRotationStatus.class, "completed"));
    }
}
