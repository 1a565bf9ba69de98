package com.crm.integrations.common.events.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The checks of connection.changed.v2 and connection-policy.changed.v1: a malformed event is never written. */
class ConnectionEventPayloadsTest {

    private static final Instant AT = Instant.parse("2026-03-02T10:15:30Z");
    private static final String FINGERPRINT = "q3Bv0m1cJ9yYF6m0rQ2cX0k3uN8mD5pZ7wS4tL1aE9o";
    private static final ConnectionChangedV1 V1 = new ConnectionChangedV1("c-1", "google", ConnectionKind.OAUTH, "user-42",
            ConnectionChange.RECONNECTED, ConnectionStatus.ACTIVE, ConnectionStatus.NEEDS_REAUTH, AT);

    @Test
    void v2CarriesWhatV1SaysAndTheFingerprint() {
        // When
        ConnectionChangedV2 v2 = ConnectionChangedV2.of(V1, FINGERPRINT);
        // Then
        assertEquals(new ConnectionChangedV2("c-1", "google", ConnectionKind.OAUTH, "user-42", FINGERPRINT,
                ConnectionChange.RECONNECTED, ConnectionStatus.ACTIVE, ConnectionStatus.NEEDS_REAUTH, AT), v2);
    }

    @Test
    void v2TakesAnUnknownAccount() {
        // When
        ConnectionChangedV2 v2 = ConnectionChangedV2.of(V1, null);
        // Then
        assertNull(v2.accountFingerprint());
    }

    @Test
    void v2RefusesAFingerprintThatIsNotAnUnpaddedSha256InBase64url() {
        for (String malformed : List.of("", "ana@example.com", FINGERPRINT + "=", FINGERPRINT.substring(1),
                FINGERPRINT.replace('q', '+'))) {
            assertThrows(IllegalArgumentException.class, () -> ConnectionChangedV2.of(V1, malformed), malformed);
        }
    }

    @Test
    void policyChangedKeepsItsProvidersAsGiven() {
        // Given
        List<String> providers = new ArrayList<>(List.of("google", "mapbox"));
        // When
        ConnectionPolicyChangedV1 event = new ConnectionPolicyChangedV1(providers, true, 1, AT);
        providers.add("microsoft");
        // Then
        assertEquals(List.of("google", "mapbox"), event.allowedProviders());
    }

    @Test
    void policyChangedTakesATenantThatAllowsNoProvider() {
        // When
        ConnectionPolicyChangedV1 event = new ConnectionPolicyChangedV1(List.of(), false, 3, AT);
        // Then
        assertEquals(List.of(), event.allowedProviders());
    }

    @Test
    void policyChangedRefusesMissingBlankOrRepeatedProviders() {
        assertThrows(NullPointerException.class, () -> new ConnectionPolicyChangedV1(null, true, 1, AT));
        assertThrows(NullPointerException.class, () -> new ConnectionPolicyChangedV1(Arrays.asList("google", null), true, 1, AT));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionPolicyChangedV1(List.of("google", " "), true, 1, AT));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionPolicyChangedV1(List.of("google", "google"), true, 1, AT));
    }

    @Test
    void policyChangedRefusesAVersionBeforeTheFirstSave() {
        assertThrows(IllegalArgumentException.class, () -> new ConnectionPolicyChangedV1(List.of("google"), true, 0, AT));
        assertThrows(NullPointerException.class, () -> new ConnectionPolicyChangedV1(List.of("google"), true, 1, null));
    }
}
