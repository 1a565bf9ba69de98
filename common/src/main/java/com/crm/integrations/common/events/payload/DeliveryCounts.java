package com.crm.integrations.common.events.payload;

/**
 * What became of the webhook posts Mailchimp delivered for an audience since it was linked, in
 * {@code audience.changed.v1}'s {@code deliveries}. Counted from the link (a new link starts again at 0), so a consumer
 * shows the latest figures and compares two events by their difference. Each is 0 or more.
 *
 * @param received posts that proved they came from Mailchimp (the link's webhook secret) and were stored
 * @param rejected authentic posts that were malformed: stored, and not applied
 * @param parked   posts whose processing failed the configured number of times: stored and set aside, not applied
 * @param stale    posts whose {@code fired_at} lay outside the replay tolerance: not applied
 */
public record DeliveryCounts(
        long received,
        long rejected,
        long parked,
        long stale) {

    /** Nothing delivered yet. */
    public static final DeliveryCounts NONE = new DeliveryCounts(0, 0, 0, 0);

    public DeliveryCounts {
        Checks.count(received, "received");
        Checks.count(rejected, "rejected");
        Checks.count(parked, "parked");
        Checks.count(stale, "stale");
    }
}
