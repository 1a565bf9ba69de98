package com.crm.integrations.sandbox.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RedirectTest {

    @Test
    void keepsItsParametersInOrderAndTheirNullValues() {
        // Given
        String uri = "http://127.0.0.1:8081/oauth/generic/callback";

        // When
        Redirect redirect = Redirect.to(uri, "error", "access_denied", "error_description", null, "state", "s1");

        // Then
        assertEquals(List.of("error", "error_description", "state"), List.copyOf(redirect.parameters().keySet()));
        assertTrue(redirect.parameters().containsKey("error_description"));
    }

    @Test
    void addsParametersAfterItsOwn() {
        // Given
        Redirect redirect = Redirect.to("http://127.0.0.1:8081/cb", "code", "c", "state", "s");

        // When
        Redirect more = redirect.with(Map.of("scope", "openid email"));

        // Then
        assertEquals(List.of("code", "state", "scope"), List.copyOf(more.parameters().keySet()));
        assertEquals("http://127.0.0.1:8081/cb", more.redirectUri());
    }
}
