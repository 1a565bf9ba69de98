package com.crm.integrations.sandbox.control;

import com.crm.integrations.sandbox.error.InvalidRequestException;

/**
 * A fault-control rule: which requests it applies to and how many times ({@code null}: until
 * removed or reset).
 */
public sealed interface Rule permits FaultRule, LatencyRule {

    RequestMatcher matcher();

    Integer times();

    static void checkTimes(Integer times) {
        if (times != null && times < 1) {
            throw new InvalidRequestException("times must be at least 1, or absent for unlimited");
        }
    }
}
