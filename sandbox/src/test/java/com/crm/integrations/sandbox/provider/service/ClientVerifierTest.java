package com.crm.integrations.sandbox.provider.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.crm.integrations.sandbox.oauth.ClientCredentials;
import com.crm.integrations.sandbox.provider.Refusal;

class ClientVerifierTest {

    private static final String CLIENT = "sandbox-generic-client";

    @Test
    void refusesEveryClientWhileNoSecretIsConfigured() {
        // Given
        ClientVerifier verifier = new ClientVerifier(Optional.empty());

        // When
        Optional<Refusal> refusal = verifier.verify(CLIENT, new ClientCredentials(CLIENT, "", false));

        // Then
        assertEquals(Optional.of(Refusal.UNKNOWN_CLIENT), refusal);
    }

    @Test
    void tellsAWrongSecretFromAnUnknownClient() {
        // Given
        ClientVerifier verifier = new ClientVerifier(Optional.of("s3cret"));

        // When
        Optional<Refusal> wrongSecret = verifier.verify(CLIENT, new ClientCredentials(CLIENT, "s3cre", false));
        Optional<Refusal> unknown = verifier.verify(CLIENT, new ClientCredentials("other", "s3cret", false));

        // Then
        assertEquals(Optional.of(Refusal.WRONG_SECRET), wrongSecret);
        assertEquals(Optional.of(Refusal.UNKNOWN_CLIENT), unknown);
    }

    @Test
    void acceptsAFormEncodedBasicSecret() {
        // Given
        ClientVerifier verifier = new ClientVerifier(Optional.of("a+b/c="));

        // When
        Optional<Refusal> refusal = verifier.verify(CLIENT, new ClientCredentials(CLIENT, "a%2Bb%2Fc%3D", true));

        // Then
        assertEquals(Optional.empty(), refusal);
    }
}
