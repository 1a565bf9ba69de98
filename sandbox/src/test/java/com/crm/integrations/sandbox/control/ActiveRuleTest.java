package com.crm.integrations.sandbox.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.crm.integrations.sandbox.error.InvalidRequestException;

class ActiveRuleTest {

    private static final RequestMatcher ANY = RequestMatcher.of(null, "/*");

    @Test
    void takesEveryRequestWithoutAShare() {
        // Given
        ActiveRule rule = fault(null, Rule.EVERY_REQUEST);

        // When
        List<Integer> taken = offer(rule, 5);

        // Then
        assertEquals(List.of(1, 2, 3, 4, 5), taken);
    }

    @Test
    void takesTheRequestsItsShareSpreadsEvenly() {
        // Given
        ActiveRule rule = fault(null, 0.25);

        // When
        List<Integer> taken = offer(rule, 8);

        // Then
        assertEquals(List.of(4, 8), taken);
    }

    @Test
    void takesEveryFifthRequestWithAShareOfOneFifth() {
        // Given
        ActiveRule rule = latency(null, 0.2);

        // When
        List<Integer> taken = offer(rule, 16);

        // Then
        assertEquals(List.of(5, 10, 15), taken);
    }

    @Test
    void takesExactlyTheDecimalShareNotTheDoubleBelowIt() {
        // Given: 0.29 as a double is 0.28999999999999998..., and 100 × that is 28.999999999999996
        ActiveRule rule = fault(null, 0.29);

        // When
        List<Integer> taken = offer(rule, 100);

        // Then
        assertEquals(29, taken.size());
        assertEquals(100, taken.get(28));
    }

    @Test
    void spendsNoUseOnARequestItsSharePassesOver() {
        // Given
        ActiveRule rule = fault(2, 0.5);

        // When
        boolean first = rule.offer();

        // Then
        assertFalse(first);
        assertEquals(2, rule.remaining());
        assertFalse(rule.exhausted());
    }

    @Test
    void isExhaustedOnceItsTimesAreTakenThenTakesNoMore() {
        // Given
        ActiveRule rule = fault(2, 0.5);

        // When
        List<Integer> taken = offer(rule, 10);

        // Then
        assertEquals(List.of(2, 4), taken);
        assertEquals(0, rule.remaining());
        assertTrue(rule.exhausted());
    }

    @ParameterizedTest
    @ValueSource(doubles = { 0, -1, 1.5, Double.NaN, Double.POSITIVE_INFINITY })
    void refusesAShareOutsideZeroToOne(double share) {
        // When
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> new LatencyRule(ANY, null, share, 10, When.BEFORE));

        // Then
        assertTrue(refused.getMessage().contains("share"), refused.getMessage());
    }

    /** The numbers (from 1) of the requests the rule takes of the next {@code requests} offered. */
    private static List<Integer> offer(ActiveRule rule, int requests) {
        List<Integer> taken = new ArrayList<>();
        for (int n = 1; n <= requests; n++) {
            if (rule.offer()) {
                taken.add(n);
            }
        }
        return taken;
    }

    private static ActiveRule fault(Integer times, double share) {
        return new ActiveRule("f", new FaultRule(ANY, times, share, When.BEFORE, new FaultRule.Answer(503, null, null, null)));
    }

    private static ActiveRule latency(Integer times, double share) {
        return new ActiveRule("l", new LatencyRule(ANY, times, share, 100, When.BEFORE));
    }
}
