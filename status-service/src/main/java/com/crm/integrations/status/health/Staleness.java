package com.crm.integrations.status.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.crm.integrations.status.Integration.Sibling;

/**
 * Decides, round after round, whether each sibling's facts are stale (docs/status.md, "How stale is decided"). A sibling
 * has two conditions: its health (ready, and its Kafka group UP) and the projection's lag on its topic. A condition that
 * fails is remembered from the first round that saw it fail; once one has failed for at least the grace the sibling is
 * stale, since that first failure; while the failures are younger than the grace nothing is decided (one failed probe
 * never flips the cards, and a replica that just started does not clear what another replica decided); when every
 * condition holds again the sibling is fresh at once. Pure: the same observations at the same times give the same
 * decisions. Not thread-safe: one round at a time.
 */
public final class Staleness {

    /** What to write for a sibling. */
    public enum Verdict {
        /** Its facts are current: clear its mark. */
        FRESH,
        /** Something fails, for less than the grace yet: leave its mark as it is. */
        UNDECIDED,
        /** Something has failed for at least the grace: mark it stale (keeping an earlier {@code since}). */
        STALE
    }

    /**
     * A decision.
     *
     * @param verdict what to write
     * @param since   for {@link Verdict#STALE}, the first failure of the conditions that outlived the grace; else null
     * @param reason  for {@link Verdict#STALE}, every failing condition's reason, joined; else null
     */
    public record Decision(Verdict verdict, Instant since, String reason) {

        static final Decision FRESH = new Decision(Verdict.FRESH, null, null);
        static final Decision UNDECIDED = new Decision(Verdict.UNDECIDED, null, null);

        static Decision stale(Instant since, String reason) {
            return new Decision(Verdict.STALE, since, reason);
        }
    }

    /**
     * What one round found about a sibling.
     *
     * @param unhealthy why it is unhealthy; null when healthy, or not probed
     * @param lagging   why the projection is too far behind on its topic; null when it is not, or the lag is unknown
     */
    public record Observation(String unhealthy, String lagging) {

        public static final Observation FINE = new Observation(null, null);

        public boolean fine() {
            return unhealthy == null && lagging == null;
        }
    }

    private final Duration grace;
    private final Map<Sibling, Failing> failing = new EnumMap<>(Sibling.class);

    public Staleness(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("The grace cannot be negative: " + grace);
        }
        this.grace = grace;
    }

    /** Takes in what a round found about {@code sibling} at {@code now}, and decides. */
    public Decision observe(Sibling sibling, Observation observation, Instant now) {
        Failing before = failing.getOrDefault(sibling, Failing.NONE);
        Failing after = new Failing(observation.unhealthy() == null ? null : earliest(before.unhealthySince(), now),
                observation.lagging() == null ? null : earliest(before.laggingSince(), now));
        failing.put(sibling, after);
        if (observation.fine()) {
            return Decision.FRESH;
        }
        Instant since = null;
        if (after.unhealthySince() != null && outlived(after.unhealthySince(), now)) {
            since = after.unhealthySince();
        }
        if (after.laggingSince() != null && outlived(after.laggingSince(), now)) {
            since = since == null || after.laggingSince().isBefore(since) ? after.laggingSince() : since;
        }
        if (since == null) {
            return Decision.UNDECIDED;
        }
        List<String> reasons = new ArrayList<>(2);
        if (observation.unhealthy() != null) {
            reasons.add(observation.unhealthy());
        }
        if (observation.lagging() != null) {
            reasons.add(observation.lagging());
        }
        return Decision.stale(since, String.join("; ", reasons));
    }

    private boolean outlived(Instant since, Instant now) {
        return !now.isBefore(since.plus(grace));
    }

    private static Instant earliest(Instant known, Instant now) {
        return known == null ? now : known;
    }

    /** Since when each condition of a sibling has failed without a break; null: it holds. */
    private record Failing(Instant unhealthySince, Instant laggingSince) {
        static final Failing NONE = new Failing(null, null);
    }
}
