package com.crm.integrations.sandbox.control;

/**
 * What the rules do to one request: delay it by {@code delayMillis} (0 for none), then answer
 * it with {@code fault} instead of handling it ({@code null} to handle it).
 */
public record Intervention(long delayMillis, ActiveRule fault) {

    public static final Intervention NONE = new Intervention(0, null);

    public FaultRule faultRule() {
        return fault == null ? null : (FaultRule) fault.rule();
    }
}
