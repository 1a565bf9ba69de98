package com.crm.integrations.sandbox.identity.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.crm.integrations.sandbox.error.InvalidClientException;
import com.crm.integrations.sandbox.oauth.ClientCredentials;

class ClientAuthenticatorTest {

    private static final Set<String> CLIENTS = Set.of("token-service");

    @Test
    void refusesEveryClientWhileNoSecretIsConfigured() {
        // Given
        ClientAuthenticator authenticator = new ClientAuthenticator(CLIENTS, Optional.empty());

        // When
        InvalidClientException refused = assertThrows(InvalidClientException.class,
                () -> authenticator.authenticate(new ClientCredentials("token-service", "", false)));

        // Then
        assertEquals("invalid_client", refused.error());
        assertFalse(refused.basicAuthAttempted());
    }

    @Test
    void acceptsTheRightSecret() {
        // Given
        ClientAuthenticator authenticator = new ClientAuthenticator(CLIENTS, Optional.of("s3cret"));

        // When
        String client = authenticator.authenticate(new ClientCredentials("token-service", "s3cret", false));

        // Then
        assertEquals("token-service", client);
    }

    @Test
    void acceptsABasicSecretFormEncodedAsRfc6749Asks() {
        // Given
        ClientAuthenticator authenticator = new ClientAuthenticator(CLIENTS, Optional.of("a+b/c=d e"));

        // When
        String client = authenticator.authenticate(new ClientCredentials("token-service", "a%2Bb%2Fc%3Dd+e", true));

        // Then
        assertEquals("token-service", client);
    }

    @Test
    void acceptsABasicSecretSentRawAsManyClientsDo() {
        // Given
        ClientAuthenticator authenticator = new ClientAuthenticator(CLIENTS, Optional.of("a+b/c="));

        // When
        String client = authenticator.authenticate(new ClientCredentials("token-service", "a+b/c=", true));

        // Then
        assertEquals("token-service", client);
    }

    @Test
    void refusesAWrongSecretSentByBasicAndAsksForBasic() {
        // Given
        ClientAuthenticator authenticator = new ClientAuthenticator(CLIENTS, Optional.of("s3cret"));

        // When
        InvalidClientException refused = assertThrows(InvalidClientException.class,
                () -> authenticator.authenticate(new ClientCredentials("token-service", "s3cre", true)));

        // Then
        assertTrue(refused.basicAuthAttempted());
    }

    @Test
    void neverShowsTheSecretInItsCredentials() {
        // When
        String shown = new ClientCredentials("token-service", "s3cret", true).toString();

        // Then
        assertFalse(shown.contains("s3cret"));
    }
}
