package com.crm.integrations.sandbox.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InterventionTest {

    private static final RequestMatcher ANY = RequestMatcher.of(null, "/*");

    @Test
    void holdsTheRequestBackThenAnswersInTheEndpointsPlace() {
        // When
        Intervention intervention = new Intervention(latency(When.BEFORE), fault(When.BEFORE));

        // Then
        assertEquals(300, intervention.arrivalDelayMillis());
        assertSame(intervention.fault(), intervention.faultInstead());
        assertFalse(intervention.actsAfter());
    }

    @Test
    void holdsTheAnswerBackAndReplacesItOnceTheEndpointHasRun() {
        // When
        Intervention intervention = new Intervention(latency(When.AFTER), fault(When.AFTER));

        // Then
        assertEquals(0, intervention.arrivalDelayMillis());
        assertEquals(300, intervention.answerDelayMillis());
        assertNull(intervention.faultInstead());
        assertSame(intervention.fault(), intervention.faultAfter());
        assertTrue(intervention.actsAfter());
    }

    @Test
    void delaysABeforeFaultsAnswerByAnAfterLatencyOnArrivalForNoEndpointRuns() {
        // When
        Intervention intervention = new Intervention(latency(When.AFTER), fault(When.BEFORE));

        // Then
        assertEquals(300, intervention.arrivalDelayMillis());
        assertEquals(0, intervention.answerDelayMillis());
        assertFalse(intervention.actsAfter());
    }

    @Test
    void holdsTheRequestBackThenLetsTheEndpointRunBeforeAnAfterFault() {
        // When
        Intervention intervention = new Intervention(latency(When.BEFORE), fault(When.AFTER));

        // Then
        assertEquals(300, intervention.arrivalDelayMillis());
        assertEquals(0, intervention.answerDelayMillis());
        assertNull(intervention.faultInstead());
        assertTrue(intervention.actsAfter());
    }

    private static ActiveRule latency(When when) {
        return new ActiveRule("l", new LatencyRule(ANY, null, Rule.EVERY_REQUEST, 300, when));
    }

    private static ActiveRule fault(When when) {
        return new ActiveRule("f", new FaultRule(ANY, null, Rule.EVERY_REQUEST, when, null));
    }
}
