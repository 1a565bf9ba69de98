package com.crm.integrations.status.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.crm.integrations.status.Integration.Sibling;
import com.crm.integrations.status.health.Staleness.Decision;
import com.crm.integrations.status.health.Staleness.Observation;
import com.crm.integrations.status.health.Staleness.Verdict;

class StalenessTest {

    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Observation DOWN = new Observation("calendar-service is not ready (HTTP 503)", null);
    private static final Observation BEHIND = new Observation(null, "status-service is 2,345 events behind on calendar-service's events");

    private final Staleness staleness = new Staleness(GRACE);

    @Test
    void aHealthySiblingIsFresh() {
        // When
        Decision decision = staleness.observe(Sibling.CALENDAR_SERVICE, Observation.FINE, T0);

        // Then
        assertEquals(Decision.FRESH, decision);
    }

    @Test
    void oneFailedProbeDecidesNothing() {
        // When
        Decision decision = staleness.observe(Sibling.CALENDAR_SERVICE, DOWN, T0);

        // Then
        assertEquals(Verdict.UNDECIDED, decision.verdict());
    }

    @Test
    void failuresYoungerThanTheGraceDecideNothing() {
        // Given
        staleness.observe(Sibling.CALENDAR_SERVICE, DOWN, T0);

        // When
        Decision decision = staleness.observe(Sibling.CALENDAR_SERVICE, DOWN, T0.plus(GRACE).minusMillis(1));

        // Then
        assertEquals(Verdict.UNDECIDED, decision.verdict());
    }

    @Test
    void unhealthyForTheGraceIsStaleSinceTheFirstFailure() {
        // Given
        staleness.observe(Sibling.CALENDAR_SERVICE, DOWN, T0);
        staleness.observe(Sibling.CALENDAR_SERVICE, DOWN, T0.plusSeconds(10));

        // When
        Decision decision = staleness.observe(Sibling.CALENDAR_SERVICE, DOWN, T0.plus(GRACE));

        // Then
        assertEquals(new Decision(Verdict.STALE, T0, "calendar-service is not ready (HTTP 503)"), decision);
    }

    @Test
    void staysStaleSinceTheFirstFailureWhileItFails() {
        // Given
        staleness.observe(Sibling.CALENDAR_SERVICE, DOWN, T0);
        staleness.observe(Sibling.CALENDAR_SERVICE, DOWN, T0.plus(GRACE));

        // When
        Decision decision = staleness.observe(Sibling.CALENDAR_SERVICE,
                new Observation("calendar-service cannot reach Kafka", null), T0.plus(GRACE).plusSeconds(10));

        // Then
        assertEquals(new Decision(Verdict.STALE, T0, "calendar-service cannot reach Kafka"), decision, "the reason is the latest");
    }

    @Test
    void aHealthyProbeBetweenFailuresStartsTheGraceAgain() {
        // Given
        staleness.observe(Sibling.CALENDAR_SERVICE, DOWN, T0);
        staleness.observe(Sibling.CALENDAR_SERVICE, Observation.FINE, T0.plusSeconds(10));
        staleness.observe(Sibling.CALENDAR_SERVICE, DOWN, T0.plusSeconds(20));

        // When
        Decision decision = staleness.observe(Sibling.CALENDAR_SERVICE, DOWN, T0.plus(GRACE).plusSeconds(10));

        // Then
        assertEquals(Verdict.UNDECIDED, decision.verdict(), "unhealthy for 20 s only, since the second failure");
    }

    @Test
    void healthyAgainIsFreshAtOnce() {
        // Given
        staleness.observe(Sibling.CALENDAR_SERVICE, DOWN, T0);
        staleness.observe(Sibling.CALENDAR_SERVICE, DOWN, T0.plus(GRACE));

        // When
        Decision decision = staleness.observe(Sibling.CALENDAR_SERVICE, Observation.FINE, T0.plus(GRACE).plusMillis(200));

        // Then
        assertEquals(Decision.FRESH, decision);
    }

    @Test
    void aLagAboveTheThresholdForTheGraceIsStale() {
        // Given
        staleness.observe(Sibling.CALENDAR_SERVICE, BEHIND, T0);

        // When
        Decision decision = staleness.observe(Sibling.CALENDAR_SERVICE, BEHIND, T0.plus(GRACE));

        // Then
        assertEquals(new Decision(Verdict.STALE, T0, BEHIND.lagging()), decision);
    }

    @Test
    void healthAndLagAreTimedApartAndBothReasonsAreGiven() {
        // Given
        staleness.observe(Sibling.CALENDAR_SERVICE, BEHIND, T0);
        Observation both = new Observation(DOWN.unhealthy(), BEHIND.lagging());
        staleness.observe(Sibling.CALENDAR_SERVICE, both, T0.plusSeconds(20));

        // When
        Decision decision = staleness.observe(Sibling.CALENDAR_SERVICE, both, T0.plus(GRACE));

        // Then
        assertEquals(new Decision(Verdict.STALE, T0, DOWN.unhealthy() + "; " + BEHIND.lagging()), decision,
                "stale for the lag (30 s), since the lag began; the failed probe (10 s) is said too");
    }

    @Test
    void aSiblingRecoveringFromOneConditionStaysStaleForTheOther() {
        // Given
        Observation both = new Observation(DOWN.unhealthy(), BEHIND.lagging());
        staleness.observe(Sibling.CALENDAR_SERVICE, both, T0);
        staleness.observe(Sibling.CALENDAR_SERVICE, both, T0.plus(GRACE));

        // When
        Decision decision = staleness.observe(Sibling.CALENDAR_SERVICE, BEHIND, T0.plus(GRACE).plusSeconds(1));

        // Then
        assertEquals(new Decision(Verdict.STALE, T0, BEHIND.lagging()), decision);
    }

    @Test
    void siblingsAreDecidedApart() {
        // Given
        staleness.observe(Sibling.CALENDAR_SERVICE, DOWN, T0);
        staleness.observe(Sibling.MAILCHIMP_SERVICE, Observation.FINE, T0);

        // When
        Decision mailchimp = staleness.observe(Sibling.MAILCHIMP_SERVICE, Observation.FINE, T0.plus(GRACE));

        // Then
        assertEquals(Decision.FRESH, mailchimp);
    }

    @Test
    void aZeroGraceMakesTheFirstFailureStale() {
        // Given
        Staleness impatient = new Staleness(Duration.ZERO);

        // When
        Decision decision = impatient.observe(Sibling.TOKEN_SERVICE, DOWN, T0);

        // Then
        assertEquals(new Decision(Verdict.STALE, T0, DOWN.unhealthy()), decision);
    }

    @Test
    void refusesANegativeGrace() {
        assertThrows(IllegalArgumentException.class, () -> new Staleness(Duration.ofSeconds(-1)));
    }
}
