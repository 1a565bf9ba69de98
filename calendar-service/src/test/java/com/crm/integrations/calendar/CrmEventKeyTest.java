package com.crm.integrations.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The id we give the provider for a CRM activity: Google's rules for a client id, stable per generation, new per generation. */
class CrmEventKeyTest {

    @Test
    void isAValidGoogleEventIdAndTheSameForTheSameGeneration() {
        // When
        String key = CrmEvent.keyOf("tenant-acme", "act-8812", 1);
        // Then: base32hex (a–v, 0–9), 5–1024 characters, and derived, not random
        assertTrue(key.matches("[0-9a-v]{5,1024}"), key);
        assertEquals(29, key.length());
        assertEquals(key, CrmEvent.keyOf("tenant-acme", "act-8812", 1));
        assertTrue(!key.contains("8812"), "no CRM id shows in it");
    }

    @Test
    void differsPerGenerationActivityAndTenant() {
        // Given
        Set<String> keys = new HashSet<>();
        // When
        for (int generation = 1; generation <= 50; generation++) {
            keys.add(CrmEvent.keyOf("tenant-acme", "act-1", generation));
        }
        keys.add(CrmEvent.keyOf("tenant-other", "act-1", 1));
        keys.add(CrmEvent.keyOf("tenant-acme", "act-2", 1));
        // Then
        assertEquals(52, keys.size());
        assertNotEquals(CrmEvent.keyOf("a", "bc", 1), CrmEvent.keyOf("ab", "c", 1));
    }

    @Test
    void aRecreatedActivityMovesToItsNextGeneration() {
        // Given: an activity's event, deleted
        CrmEvent event = CrmEvent.first("tenant-acme", "act-1", UUID.randomUUID(), Instant.now());
        String first = event.providerKey;
        event.providerEventId = first;
        event.deleted = true;
        // When
        event.recreate(UUID.randomUUID(), Instant.now());
        // Then
        assertEquals(2, event.generation);
        assertEquals(CrmEvent.keyOf("tenant-acme", "act-1", 2), event.providerKey);
        assertNotEquals(first, event.providerKey);
        assertEquals(null, event.providerEventId);
        assertTrue(!event.deleted && !event.isLive());
    }
}
