package com.crm.integrations.sandbox.provider.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ParametersTest {

    @Test
    void readsTheFirstValueOrNothing() {
        // Given
        Map<String, List<String>> query = Map.of("state", List.of("s1", "s2"), "scope", List.of());

        // When
        String state = Parameters.first(query, "state");

        // Then
        assertEquals("s1", state);
        assertNull(Parameters.first(query, "scope"));
        assertNull(Parameters.first(query, "nonce"));
    }

    @Test
    void tellsARepeatedParameter() {
        // Given
        Map<String, List<String>> query = Map.of("client_id", List.of("a", "a"), "state", List.of("s1"));

        // When
        boolean repeated = Parameters.repeated(query, "client_id");

        // Then
        assertTrue(repeated);
        assertFalse(Parameters.repeated(query, "state"));
        assertFalse(Parameters.repeated(query, "nonce"));
    }

    @Test
    void takesEachFormParameterOnceAndEmptyOnesAsAbsent() {
        // Given
        Map<String, List<String>> form = Map.of("grant_type", List.of("refresh_token"), "scope", List.of(""), "client_secret",
                List.of());

        // When
        Map<String, String> singles = Parameters.singles(null, form);

        // Then
        assertEquals(Map.of("grant_type", "refresh_token"), singles);
    }
}
