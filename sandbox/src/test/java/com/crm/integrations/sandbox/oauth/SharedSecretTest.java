package com.crm.integrations.sandbox.oauth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SharedSecretTest {

    @Test
    void acceptsTheSecretSentInTheForm() {
        // Given
        SharedSecret secret = new SharedSecret("s3cret");

        // When
        boolean matches = secret.matches(new ClientCredentials("app", "s3cret", false));

        // Then
        assertTrue(matches);
    }

    @Test
    void refusesAnotherSecret() {
        // Given
        SharedSecret secret = new SharedSecret("s3cret");

        // When
        boolean matches = secret.matches(new ClientCredentials("app", "s3cret2", true));

        // Then
        assertFalse(matches);
    }

    @Test
    void refusesAMissingSecret() {
        // Given
        SharedSecret secret = new SharedSecret("s3cret");

        // When
        boolean matches = secret.matches(new ClientCredentials("app", "", false));

        // Then
        assertFalse(matches);
    }

    @Test
    void acceptsAFormEncodedBasicSecret() {
        // Given
        SharedSecret secret = new SharedSecret("a+b/c=d e");

        // When
        boolean matches = secret.matches(new ClientCredentials("app", "a%2Bb%2Fc%3Dd+e", true));

        // Then
        assertTrue(matches);
    }

    @Test
    void acceptsARawBasicSecret() {
        // Given
        SharedSecret secret = new SharedSecret("a+b/c=");

        // When
        boolean matches = secret.matches(new ClientCredentials("app", "a+b/c=", true));

        // Then
        assertTrue(matches);
    }

    @Test
    void doesNotFormDecodeASecretSentInTheForm() {
        // Given
        SharedSecret secret = new SharedSecret("a+b");

        // When
        boolean matches = secret.matches(new ClientCredentials("app", "a%2Bb", false));

        // Then
        assertFalse(matches);
    }

    @Test
    void comparesABadlyEncodedBasicSecretRaw() {
        // Given
        SharedSecret secret = new SharedSecret("50%zz");

        // When
        boolean matches = secret.matches(new ClientCredentials("app", "50%zz", true));

        // Then
        assertTrue(matches);
    }

    @Test
    void neverShowsTheSecret() {
        // Given
        SharedSecret secret = new SharedSecret("s3cret");

        // When
        String shown = secret.toString();

        // Then
        assertFalse(shown.contains("s3cret"));
    }
}
