package com.crm.integrations.sandbox.control;

/**
 * What the rules do to one request: the latency rule and the fault rule it took a use of ({@code null}: none). Before
 * the endpoint: hold the request back {@link #arrivalDelayMillis}, then answer with {@link #faultInstead} in the
 * endpoint's place. After the endpoint did its work: hold its answer back {@link #answerDelayMillis}, then replace it
 * with {@link #faultAfter}'s. A {@code before} fault leaves the endpoint out, so a latency of either kind delays its
 * answer on arrival.
 */
public record Intervention(ActiveRule latency, ActiveRule fault) {

    public static final Intervention NONE = new Intervention(null, null);

    /** How long the request waits before the endpoint (or a {@code before} fault) answers it. */
    public long arrivalDelayMillis() {
        return latency != null && heldOnArrival() ? millis() : 0;
    }

    /** How long the endpoint's answer waits once it has done its work. */
    public long answerDelayMillis() {
        return latency != null && !heldOnArrival() ? millis() : 0;
    }

    /** The fault that answers in the endpoint's place, or {@code null}. */
    public ActiveRule faultInstead() {
        return fault != null && ((FaultRule) fault.rule()).when() == When.BEFORE ? fault : null;
    }

    /** The fault that replaces the endpoint's answer once it has done its work, or {@code null}. */
    public ActiveRule faultAfter() {
        return fault != null && ((FaultRule) fault.rule()).when() == When.AFTER ? fault : null;
    }

    private boolean heldOnArrival() {
        return ((LatencyRule) latency.rule()).when() == When.BEFORE || faultInstead() != null;
    }

    private long millis() {
        return ((LatencyRule) latency.rule()).millis();
    }

    /** Whether the rules still act once the endpoint has done its work. */
    public boolean actsAfter() {
        return answerDelayMillis() > 0 || faultAfter() != null;
    }
}
