package com.crm.integrations.status.repository;

import java.time.Instant;
import java.util.List;

import com.crm.integrations.status.AttentionPolicy;

/**
 * What the live generation holds for one tenant (and, for a user's view, that user), read in one statement: the
 * snapshot a status response is built from.
 *
 * @param connections the tenant's connections (a user's view: the user's and the tenant's own)
 * @param links       calendar links of those owners
 * @param audiences   the tenant's linked Mailchimp audiences
 * @param policy      the tenant's connection policy; {@code null} when it never saved one (the default applies)
 * @param attention   the tenant's attention policy (its defaults when it never saved one)
 * @param staleSources the siblings whose facts are out of date now
 * @param seq         the change log's last sequence number when the snapshot was read (0 when empty)
 */
public record StatusFacts(List<ConnectionRow> connections, List<LinkRow> links, List<AudienceRow> audiences,
        PolicyRow policy, AttentionPolicy attention, List<SourceRow> staleSources, long seq) {

    /** A {@code status_connection} row. */
    public record ConnectionRow(String connectionId, String provider, String integration, String kind, String ownerUserId,
            String status, Instant statusSince, Instant statusAt, Instant tokenExpiresAt, Instant refreshedAt,
            String failureCategory, String failureCode, String failureAction, Instant failureRetryAt, Integer failureCount,
            Instant failedAt, String checkOutcome, String checkCode, Instant checkedAt, Instant lastValidAt) {

        /** The latest fact held about it, of any kind. */
        public Instant lastFactAt() {
            return latest(statusAt, refreshedAt, failedAt, checkedAt);
        }

        /**
         * Whether its last refresh failed: a failure after the last successful refresh, and not followed by news that the
         * connection works (a reconnect, a recovery: an {@code active} status reported after it).
         */
        public boolean refreshFailing() {
            return failedAt != null && (refreshedAt == null || failedAt.isAfter(refreshedAt))
                    && !("active".equals(status) && statusAt != null && statusAt.isAfter(failedAt));
        }
    }

    /** A {@code status_calendar_link} row. */
    public record LinkRow(String linkId, String connectionId, String integration, String ownerUserId, String calendarId,
            Integer totalEvents, Integer upcomingEvents, Instant syncedAt, String failureCategory, String failureCode,
            String failureAction, String failureReason, Instant failureRetryAt, Integer failureCount, Instant failedAt) {

        /** Whether its last round failed (a failure after the last successful round). */
        public boolean failing() {
            return failedAt != null && (syncedAt == null || failedAt.isAfter(syncedAt));
        }
    }

    /** A {@code status_audience} row. */
    public record AudienceRow(String audienceId, String connectionId, String audienceName, String state, String pausedReason,
            long subscribed, long unsubscribed, long cleaned, long pending, long transactional, long archived,
            Instant lastDeliveryAt, long received, long rejected, long parked, long stale, Instant changedAt) {
    }

    /** A {@code status_tenant} row: the connection policy. */
    public record PolicyRow(List<String> allowedProviders, long policyVersion, Instant policyChangedAt) {
    }

    /** A {@code status_source} row of a sibling whose facts are out of date. */
    public record SourceRow(String source, Instant staleSince, String reason) {
    }

    static Instant latest(Instant... instants) {
        Instant latest = null;
        for (Instant instant : instants) {
            if (instant != null && (latest == null || instant.isAfter(latest))) {
                latest = instant;
            }
        }
        return latest;
    }
}
