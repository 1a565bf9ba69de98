package com.crm.integrations.sandbox.control.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.crm.integrations.sandbox.control.ActiveRule;
import com.crm.integrations.sandbox.control.FaultRule;
import com.crm.integrations.sandbox.control.Intervention;
import com.crm.integrations.sandbox.control.LatencyRule;
import com.crm.integrations.sandbox.control.RequestMatcher;
import com.crm.integrations.sandbox.control.When;

class FaultControlShareTest {

    private static final RequestMatcher ITEMS = RequestMatcher.of("GET", "/api/items");

    private final FaultControl control = new FaultControl();

    @Test
    void keepsARuleWhoseSharePassesARequestOver() {
        // Given
        ActiveRule rule = control.add(fault(3, 0.5, 503));

        // When
        Intervention first = control.intercept("GET", "/api/items");

        // Then
        assertNull(first.fault());
        assertEquals(List.of(rule), control.rules());
        assertEquals(3, rule.remaining());
    }

    @Test
    void dropsARuleOnlyOnceItsTimesAreUsed() {
        // Given
        control.add(fault(2, 0.5, 503));

        // When
        List<Integer> faulted = faultedOf(6);

        // Then
        assertEquals(List.of(2, 4), faulted);
        assertTrue(control.rules().isEmpty(), "a rule whose uses are spent is dropped");
    }

    @Test
    void offersARequestTheFirstRulePassesOverToTheNext() {
        // Given
        ActiveRule first = control.add(fault(null, 0.5, 503));
        ActiveRule second = control.add(fault(null, 0.5, 429));

        // When
        List<String> answers = new ArrayList<>();
        for (int n = 1; n <= 7; n++) {
            ActiveRule fault = control.intercept("GET", "/api/items").fault();
            answers.add(fault == null ? "-" : fault == first ? "first" : fault == second ? "second" : "?");
        }

        // Then: the second rule is offered the 1st, 3rd, 5th and 7th requests only, and takes every second of those
        assertEquals(List.of("-", "first", "second", "first", "-", "first", "second"), answers);
    }

    @Test
    void faultsTheSharesOfThreeRulesTogether() {
        // Given: the reliability test's mix
        control.add(fault(null, 0.2, 503));
        control.add(fault(null, 0.05, 429));
        control.add(fault(null, 0.05, 504));

        // When
        List<Integer> faulted = faultedOf(1_000);

        // Then: 200 of the first; 40 of the 800 left; 38 of the 760 left
        assertEquals(278, faulted.size());
    }

    @Test
    void takesALatencyAndAFaultByTheirOwnShares() {
        // Given
        control.add(new LatencyRule(ITEMS, null, 0.5, 100, When.BEFORE));
        control.add(fault(null, 0.25, 503));

        // When
        List<String> interventions = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            Intervention intervention = control.intercept("GET", "/api/items");
            interventions.add((intervention.latency() == null ? "-" : "L") + (intervention.fault() == null ? "-" : "F"));
        }

        // Then
        assertEquals(List.of("--", "L-", "--", "LF"), interventions);
    }

    /** The numbers (from 1) of the requests a fault rule answers of the next {@code requests}. */
    private List<Integer> faultedOf(int requests) {
        List<Integer> faulted = new ArrayList<>();
        for (int n = 1; n <= requests; n++) {
            if (control.intercept("GET", "/api/items").fault() != null) {
                faulted.add(n);
            }
        }
        return faulted;
    }

    private static FaultRule fault(Integer times, double share, int status) {
        return new FaultRule(ITEMS, times, share, When.BEFORE, new FaultRule.Answer(status, null, null, null));
    }
}
