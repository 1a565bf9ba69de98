package com.crm.integrations.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionStatus;

class ConnectionTest {

    private static final UUID ID = UUID.randomUUID();
    private static final Instant CREATED = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void aBuiltConnectionIsActiveUnownedAndWithoutFailuresUntilToldOtherwise() {
        // When
        Connection connection = Connection.builder(ID, "acme", "mapbox", ConnectionKind.API_KEY).created("root", CREATED).build();
        // Then
        assertEquals(ConnectionStatus.ACTIVE, connection.status());
        assertEquals(Optional.empty(), connection.ownerUserId());
        assertEquals(List.of(), connection.scopes());
        assertEquals(ProviderAccount.UNKNOWN, connection.account());
        assertEquals(0, connection.consecutiveFailures());
        assertEquals(CREATED, connection.updatedAt());
        assertTrue(connection.isLive());
    }

    @Test
    void keepsEveryComponentItIsGiven() {
        // When
        Connection connection = Connection.builder(ID, "acme", "google", ConnectionKind.OAUTH).ownerUserId(Optional.of("alice"))
                .status(ConnectionStatus.REVOKED).scopes(List.of("openid")).updatedAt(CREATED.plusSeconds(5))
                .created("alice", CREATED).revokedAt(Optional.of(CREATED.plusSeconds(5))).build();
        // Then
        assertEquals(Optional.of("alice"), connection.ownerUserId());
        assertEquals(List.of("openid"), connection.scopes());
        assertEquals(CREATED.plusSeconds(5), connection.updatedAt());
        assertFalse(connection.isLive());
    }

    @Test
    void refusesAConnectionWithoutCreatorOrIdentity() {
        assertThrows(NullPointerException.class, () -> Connection.builder(ID, "acme", "google", ConnectionKind.OAUTH).build());
        assertThrows(NullPointerException.class, () -> Connection.builder(null, "acme", "google", ConnectionKind.OAUTH));
    }
}
