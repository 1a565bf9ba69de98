package com.crm.integrations.common.events.payload;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code crm.integrations.audience.changed.v1}, on {@code integrations.mailchimp-events}: a Mailchimp audience linked to
 * the tenant was linked, unlinked, paused or resumed, finished its members import, or its figures changed. Written for
 * the status service, which shows per tenant whether the Mailchimp integration works: each event carries the link's
 * whole state and figures, so a consumer keeps the latest per audience (by {@code occurredAt}) and needs no other.
 *
 * <p>{@code state} fits {@code change} ({@link #statesAfter}): {@code linked} leaves the link {@code linking},
 * {@code imported} {@code active}, {@code resumed} {@code linking} (the import goes on) or {@code active},
 * {@code paused} {@code paused}, {@code unlinked} {@code unlinked}; {@code activity} comes in any state but
 * {@code unlinked}. {@code pausedReason} is given exactly when {@code state} is {@code paused}.
 *
 * @param audienceId     the Mailchimp audience (list) id, e.g. {@code a6b5da1054}
 * @param audienceName   the audience's name in Mailchimp; {@code null} when not known (not read yet)
 * @param connectionId   the id in token-service of the Mailchimp connection the link goes through
 * @param change         what happened
 * @param state          where the link stands after it
 * @param pausedReason   why calls to Mailchimp are stopped, a few words in mailchimp-service's own (one line, at most
 *                       {@value #PAUSED_REASON_MAX_LENGTH} characters, never a secret or a provider's message): given
 *                       exactly when {@code state} is {@code paused}
 * @param members        how many members the audience has in each status, as mailchimp-service's projection holds them
 * @param lastDeliveryAt when mailchimp-service last received a webhook for the audience; {@code null} when none yet
 * @param deliveries     what became of the webhooks received since the link was made, over the posts the inbox
 *                       keeps (settled ones are pruned after mailchimp-service's retention, 30 days by default)
 * @param occurredAt     when it happened
 */
public record AudienceChangedV1(
        String audienceId,
        String audienceName,
        String connectionId,
        AudienceChange change,
        AudienceLinkState state,
        String pausedReason,
        MemberCounts members,
        Instant lastDeliveryAt,
        DeliveryCounts deliveries,
        Instant occurredAt) {

    /** The longest {@code pausedReason}, in characters (code points). */
    public static final int PAUSED_REASON_MAX_LENGTH = 200;

    private static final Map<AudienceChange, Set<AudienceLinkState>> STATES_AFTER = Map.of(
            AudienceChange.LINKED, EnumSet.of(AudienceLinkState.LINKING),
            AudienceChange.UNLINKED, EnumSet.of(AudienceLinkState.UNLINKED),
            AudienceChange.PAUSED, EnumSet.of(AudienceLinkState.PAUSED),
            AudienceChange.RESUMED, EnumSet.of(AudienceLinkState.LINKING, AudienceLinkState.ACTIVE),
            AudienceChange.IMPORTED, EnumSet.of(AudienceLinkState.ACTIVE),
            AudienceChange.ACTIVITY, EnumSet.of(AudienceLinkState.LINKING, AudienceLinkState.ACTIVE, AudienceLinkState.PAUSED));

    public AudienceChangedV1 {
        Checks.text(audienceId, "audienceId");
        Checks.optionalText(audienceName, "audienceName");
        Checks.text(connectionId, "connectionId");
        Checks.required(change, "change");
        Checks.required(state, "state");
        if (!statesAfter(change).contains(state)) {
            throw new IllegalArgumentException("An audience " + change.wireName() + " is not left " + state.wireName()
                    + " but " + statesAfter(change).stream().map(AudienceLinkState::wireName).toList());
        }
        if (state == AudienceLinkState.PAUSED) {
            Checks.required(pausedReason, "pausedReason (of a paused audience)");
            Checks.sentence(pausedReason, "pausedReason", PAUSED_REASON_MAX_LENGTH);
        } else if (pausedReason != null) {
            throw new IllegalArgumentException("pausedReason is given only for a paused audience, not a " + state.wireName()
                    + " one");
        }
        Checks.required(members, "members");
        Checks.required(deliveries, "deliveries");
        Checks.required(occurredAt, "occurredAt");
    }

    /** The states a link can be in right after {@code change}. */
    public static Set<AudienceLinkState> statesAfter(AudienceChange change) {
        return Collections.unmodifiableSet(EnumSet.copyOf(STATES_AFTER.get(Checks.required(change, "change"))));
    }
}
