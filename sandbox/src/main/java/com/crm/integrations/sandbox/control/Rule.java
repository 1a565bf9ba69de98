package com.crm.integrations.sandbox.control;

import com.crm.integrations.sandbox.error.InvalidRequestException;

/**
 * A fault-control rule: which requests it applies to, how many times ({@code null}: until removed or reset), and which
 * share of the matching requests it is offered it takes ({@link #EVERY_REQUEST}: all of them).
 */
public sealed interface Rule permits FaultRule, LatencyRule {

    /** The share of a rule that takes every matching request it is offered. */
    double EVERY_REQUEST = 1;

    RequestMatcher matcher();

    Integer times();

    /**
     * The share of the matching requests offered to this rule that it takes, 0 &lt; share &le; 1: of the first N it is
     * offered, it takes exactly floor(N &times; share), evenly spread (0.2: the 5th, 10th, 15th, ...).
     */
    double share();

    /** {@code share} as a request gave it, {@link #EVERY_REQUEST} when absent. */
    static double shareOrEvery(Double share) {
        return share == null ? EVERY_REQUEST : share;
    }

    static void checkTimes(Integer times) {
        if (times != null && times < 1) {
            throw new InvalidRequestException("times must be at least 1, or absent for unlimited");
        }
    }

    static void checkShare(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new InvalidRequestException("share must be greater than 0 and at most 1, or absent for every matching request");
        }
    }
}
