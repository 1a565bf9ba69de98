package com.crm.integrations.token.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.retry.GuardSettings;
import com.crm.integrations.token.ProviderAccount;
import com.crm.integrations.token.ProviderDefinition;
import com.crm.integrations.token.Secret;
import com.crm.integrations.token.TokenGrant;

class GrantRequestTest {

    private static final ProviderDefinition MAPBOX = new ProviderDefinition("mapbox", "Mapbox", Optional.empty(), Optional.empty(),
            new GuardSettings(Duration.ofSeconds(5), 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10), 10, 0.5,
                    Duration.ofSeconds(5)),
            Duration.ofSeconds(5));
    private static final TokenGrant GRANT = new TokenGrant(new Secret("token"), Optional.empty(), Optional.empty(), List.of(),
            Optional.empty());

    @Test
    void anOAuthGrantBelongsToTheUserWhoMadeIt() {
        // When
        GrantRequest request = GrantRequest.oauth("acme", "alice", MAPBOX, GRANT, ProviderAccount.UNKNOWN);
        // Then
        assertEquals(Optional.of("alice"), request.ownerUserId());
        assertEquals("alice", request.createdBy());
        assertEquals(ConnectionKind.OAUTH, request.kind());
    }

    @Test
    void anApiKeyBelongsToTheTenantAndNamesWhoEnteredIt() {
        // When
        GrantRequest request = GrantRequest.apiKey("acme", "root", MAPBOX, GRANT, ProviderAccount.UNKNOWN);
        // Then
        assertEquals(Optional.empty(), request.ownerUserId());
        assertEquals("root", request.createdBy());
        assertEquals(ConnectionKind.API_KEY, request.kind());
    }

    @Test
    void refusesAMissingPart() {
        assertThrows(NullPointerException.class, () -> GrantRequest.apiKey(null, "root", MAPBOX, GRANT, ProviderAccount.UNKNOWN));
        assertThrows(NullPointerException.class, () -> GrantRequest.oauth("acme", "alice", MAPBOX, null, ProviderAccount.UNKNOWN));
    }
}
