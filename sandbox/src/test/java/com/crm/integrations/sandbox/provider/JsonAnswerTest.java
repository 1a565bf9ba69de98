package com.crm.integrations.sandbox.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonAnswerTest {

    @Test
    void leavesOutAnErrorDescriptionThatIsNull() {
        // Given
        String description = null;

        // When
        JsonAnswer answer = JsonAnswer.oauthError(400, "invalid_grant", description);

        // Then
        assertEquals(Map.of("error", "invalid_grant"), answer.body());
    }

    @Test
    void putsTheErrorBeforeItsDescription() {
        // Given
        String description = "Bad Request";

        // When
        JsonAnswer answer = JsonAnswer.oauthError(400, "invalid_grant", description);

        // Then
        assertEquals(List.of("error", "error_description"), List.copyOf(answer.body().keySet()));
        assertNull(answer.wwwAuthenticate());
    }

    @Test
    void keepsFieldsThatAreNull() {
        // Given
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", "abc");
        body.put("scope", null);

        // When
        JsonAnswer answer = JsonAnswer.of(200, body);

        // Then
        assertTrue(answer.body().containsKey("scope"));
        assertEquals(List.of("access_token", "scope"), List.copyOf(answer.body().keySet()));
    }

    @Test
    void addsAChallengeAndKeepsTheRest() {
        // Given
        JsonAnswer answer = JsonAnswer.oauthError(401, "invalid_client", "Client authentication failed");

        // When
        JsonAnswer challenged = answer.withChallenge("Basic realm=\"sandbox\"");

        // Then
        assertEquals("Basic realm=\"sandbox\"", challenged.wwwAuthenticate());
        assertEquals(401, challenged.status());
        assertEquals(answer.body(), challenged.body());
    }
}
