package com.crm.integrations.status.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.crm.integrations.status.AttentionPolicy;
import com.crm.integrations.status.IntegrationCard;
import com.crm.integrations.status.repository.StatusFacts;
import com.crm.integrations.status.repository.StatusFacts.ConnectionRow;
import com.crm.integrations.status.repository.StatusFacts.PolicyRow;
import com.crm.integrations.status.repository.StatusFacts.SourceRow;

/** The card rules the projection's API tests do not reach: time, other providers, more than one connection. */
class StatusCardsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final StatusCards cards = new StatusCards(List.of("google", "microsoft", "mailchimp", "mapbox"), Duration.ofMinutes(15));

    @Test
    void anAccessTokenLongPastItsExpiryWithoutARefreshIsOverdue() {
        ConnectionRow late = google("c-1", "active", NOW.minusSeconds(3600), NOW.minusSeconds(1800), NOW.minusSeconds(7200));
        ConnectionRow fresh = google("c-2", "active", NOW.minusSeconds(3600), NOW.plusSeconds(600), NOW.minusSeconds(60));

        IntegrationCard overdue = card(facts(List.of(late)), "google-calendar");
        IntegrationCard fine = card(facts(List.of(fresh)), "google-calendar");

        assertTrue(overdue.connection().tokenOverdue());
        assertEquals("active", overdue.status());
        assertEquals("wait_and_retry", overdue.action());
        assertTrue(overdue.reason().startsWith("The access token expired at"), overdue.reason());
        assertFalse(fine.connection().tokenOverdue());
        assertNull(fine.reason());
    }

    @Test
    void aProviderOutsideTheFourShowsUnderItsOwnNameAfterThem() {
        StatusFacts facts = new StatusFacts(List.of(), List.of(), List.of(),
                new PolicyRow(List.of("acme", "mapbox", "google"), 1, NOW), AttentionPolicy.DEFAULTS, List.of(), 0);

        List<IntegrationCard> shown = cards.cards(facts, NOW);

        assertEquals(List.of("google-calendar", "mapbox", "acme"), shown.stream().map(IntegrationCard::id).toList());
        assertNull(shown.get(2).usage());
    }

    @Test
    void aCardShowsTheConnectionNotRevokedAndOnlyTheRevokedOneWhenNoneIsLeft() {
        ConnectionRow revoked = google("old", "revoked", NOW.minusSeconds(60), null, null);
        ConnectionRow current = google("new", "active", NOW.minusSeconds(3600), null, null);

        assertEquals("new", card(facts(List.of(revoked, current)), "google-calendar").connection().id());
        IntegrationCard gone = card(facts(List.of(revoked)), "google-calendar");
        assertEquals("inactive", gone.status());
        assertFalse(gone.connected());
        assertEquals("Disconnected", gone.reason());
    }

    @Test
    void aStaleSiblingMarksOnlyTheCardsBuiltFromItsFacts() {
        StatusFacts facts = new StatusFacts(List.of(), List.of(), List.of(), null, AttentionPolicy.DEFAULTS,
                List.of(new SourceRow("calendar-service", NOW.minusSeconds(90), "calendar-service is not ready")), 0);

        List<IntegrationCard> shown = cards.cards(facts, NOW);

        assertEquals(List.of(true, true, false, false), shown.stream().map(IntegrationCard::stale).toList());
        assertEquals(NOW.minusSeconds(90), shown.get(0).staleSince());
        assertEquals("calendar-service is not ready", shown.get(0).staleReason());
    }

    private IntegrationCard card(StatusFacts facts, String id) {
        return cards.cards(facts, NOW).stream().filter(card -> card.id().equals(id)).findFirst().orElseThrow();
    }

    private static StatusFacts facts(List<ConnectionRow> connections) {
        return new StatusFacts(connections, List.of(), List.of(), null, AttentionPolicy.DEFAULTS, List.of(), 0);
    }

    private static ConnectionRow google(String id, String status, Instant statusAt, Instant expiresAt, Instant refreshedAt) {
        return new ConnectionRow(id, "google", "google-calendar", "oauth", "ana", status, statusAt, statusAt, expiresAt,
                refreshedAt, null, null, null, null, null, null, null, null, null, null);
    }
}
