package com.crm.integrations.common.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class SettlementTest {

    private static final IllegalStateException REFUSED = new IllegalStateException("record too large");
    private static final IllegalStateException LATER = new IllegalStateException("not leader");

    private static PendingEvent event(long position, String tenant) {
        return new PendingEvent(position, UUID.randomUUID(), tenant, "integrations.token-events", "t.v1", "{}",
                OffsetDateTime.now());
    }

    @Test
    void everyAcknowledgedRowCountsAsSent() {
        // Given
        List<PendingEvent> events = List.of(event(1, "a"), event(2, "b"), event(3, "a"));
        // When
        Settlement settlement = Settlement.of(events, Arrays.asList(null, null, null));
        // Then
        assertEquals(List.of(1L, 2L, 3L), settlement.acknowledgedPositions());
        assertEquals(List.of(), settlement.refused());
        assertNull(settlement.firstFailure());
    }

    @Test
    void aTenantHaltsAtItsFirstRefusedRowEvenWhenLaterOnesWereAcknowledged() {
        // Given: a's second row refused, its third acknowledged (the producer went on); b unaffected
        List<PendingEvent> events = List.of(event(1, "a"), event(2, "a"), event(3, "b"), event(4, "a"), event(5, "b"));
        // When
        Settlement settlement = Settlement.of(events, Arrays.asList(null, REFUSED, null, null, null));
        // Then
        assertEquals(List.of(1L, 3L, 5L), settlement.acknowledgedPositions());
        assertEquals(List.of(2L), settlement.refused().stream().map(PendingEvent::position).toList());
        assertSame(REFUSED, settlement.firstFailure());
    }

    @Test
    void eachHaltedTenantCountsOneRefusalAndTheFirstFailureIsKept() {
        // Given
        List<PendingEvent> events = List.of(event(1, "a"), event(2, "b"), event(3, "a"), event(4, "b"));
        // When
        Settlement settlement = Settlement.of(events, Arrays.asList(REFUSED, LATER, LATER, null));
        // Then
        assertEquals(List.of(), settlement.acknowledgedPositions());
        assertEquals(List.of(1L, 2L), settlement.refused().stream().map(PendingEvent::position).toList());
        assertSame(REFUSED, settlement.firstFailure());
    }

    @Test
    void refusesOutcomesThatDoNotMatchTheEvents() {
        // Given
        List<PendingEvent> events = List.of(event(1, "a"), event(2, "a"));
        // When / Then
        assertThrows(IllegalArgumentException.class, () -> Settlement.of(events, Arrays.asList((Throwable) null)));
    }
}
