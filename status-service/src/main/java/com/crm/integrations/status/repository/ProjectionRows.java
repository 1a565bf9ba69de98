package com.crm.integrations.status.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.events.payload.AudienceChangedV1;
import com.crm.integrations.common.events.payload.CalendarSyncFailedV2;
import com.crm.integrations.common.events.payload.CalendarSyncedV2;
import com.crm.integrations.common.events.payload.ConnectionChangedV2;
import com.crm.integrations.common.events.payload.ConnectionCheckOutcome;
import com.crm.integrations.common.events.payload.ConnectionCheckedV1;
import com.crm.integrations.common.events.payload.ConnectionPolicyChangedV1;
import com.crm.integrations.common.events.payload.TokenRefreshFailedV1;
import com.crm.integrations.common.events.payload.TokenRefreshedV1;
import com.crm.integrations.status.Integration;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The projection's writes: one statement per fact. Each writes the fact into the generations it targets ({@code null}:
 * every generation being read or built, as the live consumer does; a number: that one, as a rebuild does), only where
 * the fact is newer than the one held (by time, then event id), and logs the cards it changed in the live generation
 * ({@code status_change}). Each statement first takes the change log's advisory lock, so every transaction of the
 * projection takes it before any row lock (no deadlock between replicas and a rebuild) and change rows commit in
 * sequence order.
 */
@ApplicationScoped
public class ProjectionRows {

    /** The generations a fact goes to ($1), after the lock. Every statement below starts with it. */
    private static final String TARGET = """
            WITH target AS (
                SELECT g.generation, g.state
                FROM (SELECT pg_advisory_xact_lock(hashtext('status_change'))) serialised, projection_generation g
                WHERE g.state IN ('live', 'building') AND ($1::int IS NULL OR g.generation = $1)
            ),
            """;
    /** Logs the changed cards of the live generation: {@code applied} returns generation, tenant, owner, integration. */
    private static final String LOG_CHANGES = """
            INSERT INTO status_change (tenant_id, owner_user_id, integration)
            SELECT a.tenant_id, a.owner_user_id, a.integration FROM applied a
            JOIN target t ON t.generation = a.generation AND t.state = 'live'
            """;
    private static final String NEWER = "(c.%1$s_at IS NULL OR (c.%1$s_at, c.%1$s_event) < (EXCLUDED.%1$s_at, EXCLUDED.%1$s_event))";

    private static final String CONNECTION_COLUMNS = "generation, tenant_id, connection_id, provider, integration, kind, owner_user_id";
    private static final String CONNECTION_VALUES = "t.generation, $2, $3, $4, $5, $6, $7";

    static final String CONNECTION_STATUS = TARGET + """
            applied AS (
                INSERT INTO status_connection AS c (%1$s, status, status_since, status_at, status_event)
                SELECT %2$s, $8, $9, $9, $10 FROM target t
                ON CONFLICT (generation, tenant_id, connection_id) DO UPDATE SET
                    status = CASE WHEN %3$s THEN EXCLUDED.status ELSE c.status END,
                    status_since = CASE
                        WHEN %3$s AND c.status IS DISTINCT FROM EXCLUDED.status THEN EXCLUDED.status_at
                        WHEN %3$s THEN c.status_since
                        -- an older fact of the same status, after the last other one: the status began earlier
                        WHEN c.status = EXCLUDED.status THEN least(c.status_since, EXCLUDED.status_at)
                        -- an older fact of another status, after the status began: it began after that fact, by the latest
                        -- at the newest fact held (the facts between are not kept)
                        WHEN EXCLUDED.status_at > c.status_since THEN c.status_at
                        ELSE c.status_since END,
                    status_other_at = CASE
                        WHEN %3$s AND c.status IS DISTINCT FROM EXCLUDED.status THEN c.status_at
                        WHEN %3$s OR c.status = EXCLUDED.status THEN c.status_other_at
                        ELSE greatest(c.status_other_at, EXCLUDED.status_at) END,
                    status_at = CASE WHEN %3$s THEN EXCLUDED.status_at ELSE c.status_at END,
                    status_event = CASE WHEN %3$s THEN EXCLUDED.status_event ELSE c.status_event END
                WHERE %3$s
                    OR c.status = EXCLUDED.status AND EXCLUDED.status_at < c.status_since
                        AND (c.status_other_at IS NULL OR EXCLUDED.status_at > c.status_other_at)
                    OR c.status IS DISTINCT FROM EXCLUDED.status AND (c.status_other_at IS NULL OR EXCLUDED.status_at > c.status_other_at)
                RETURNING generation, tenant_id, owner_user_id, integration
            )
            """.formatted(CONNECTION_COLUMNS, CONNECTION_VALUES, newer("status")) + LOG_CHANGES;

    static final String TOKEN_REFRESHED = TARGET + """
            applied AS (
                INSERT INTO status_connection AS c (%s, token_expires_at, refreshed_at, refreshed_event)
                SELECT %s, $8, $9, $10 FROM target t
                ON CONFLICT (generation, tenant_id, connection_id) DO UPDATE SET
                    token_expires_at = EXCLUDED.token_expires_at, refreshed_at = EXCLUDED.refreshed_at,
                    refreshed_event = EXCLUDED.refreshed_event
                WHERE %s
                RETURNING generation, tenant_id, owner_user_id, integration
            )
            """.formatted(CONNECTION_COLUMNS, CONNECTION_VALUES, newer("refreshed")) + LOG_CHANGES;

    static final String REFRESH_FAILED = TARGET + """
            applied AS (
                INSERT INTO status_connection AS c (%s, failure_category, failure_code, failure_action, failure_retry_at,
                    failure_count, failed_at, failed_event)
                SELECT %s, $8, $9, $10, $11, $12, $13, $14 FROM target t
                ON CONFLICT (generation, tenant_id, connection_id) DO UPDATE SET
                    failure_category = EXCLUDED.failure_category, failure_code = EXCLUDED.failure_code,
                    failure_action = EXCLUDED.failure_action, failure_retry_at = EXCLUDED.failure_retry_at,
                    failure_count = EXCLUDED.failure_count, failed_at = EXCLUDED.failed_at, failed_event = EXCLUDED.failed_event
                WHERE %s
                RETURNING generation, tenant_id, owner_user_id, integration
            )
            """.formatted(CONNECTION_COLUMNS, CONNECTION_VALUES, newer("failed")) + LOG_CHANGES;

    /** A check: its outcome by the clock; the last time the key was found valid only ever moves forward. */
    static final String CHECKED = TARGET + """
            applied AS (
                INSERT INTO status_connection AS c (%1$s, check_outcome, check_code, checked_at, checked_event, last_valid_at)
                SELECT %2$s, $8, $9, $10, $11, $12 FROM target t
                ON CONFLICT (generation, tenant_id, connection_id) DO UPDATE SET
                    check_outcome = CASE WHEN %3$s THEN EXCLUDED.check_outcome ELSE c.check_outcome END,
                    check_code = CASE WHEN %3$s THEN EXCLUDED.check_code ELSE c.check_code END,
                    checked_event = CASE WHEN %3$s THEN EXCLUDED.checked_event ELSE c.checked_event END,
                    checked_at = CASE WHEN %3$s THEN EXCLUDED.checked_at ELSE c.checked_at END,
                    last_valid_at = GREATEST(c.last_valid_at, EXCLUDED.last_valid_at)
                WHERE %3$s OR EXCLUDED.last_valid_at > c.last_valid_at OR (c.last_valid_at IS NULL AND EXCLUDED.last_valid_at IS NOT NULL)
                RETURNING generation, tenant_id, owner_user_id, integration
            )
            """.formatted(CONNECTION_COLUMNS, CONNECTION_VALUES, newer("checked")) + LOG_CHANGES;

    /** The policy replaces the one held when its version is higher; its change concerns every card of the tenant. */
    static final String POLICY = TARGET + """
            applied AS (
                INSERT INTO status_tenant AS c (generation, tenant_id, allowed_providers, policy_version, policy_changed_at)
                SELECT t.generation, $2, $3, $4, $5 FROM target t
                ON CONFLICT (generation, tenant_id) DO UPDATE SET
                    allowed_providers = EXCLUDED.allowed_providers, policy_version = EXCLUDED.policy_version,
                    policy_changed_at = EXCLUDED.policy_changed_at
                WHERE c.policy_version < EXCLUDED.policy_version
                RETURNING generation, tenant_id, NULL::text AS owner_user_id, NULL::text AS integration
            )
            """ + LOG_CHANGES;

    private static final String LINK_COLUMNS = "generation, tenant_id, link_id, connection_id, integration, owner_user_id, calendar_id";

    static final String SYNCED = TARGET + """
            applied AS (
                INSERT INTO status_calendar_link AS c (%s, total_events, upcoming_events, synced_at, synced_event)
                SELECT %s, $8, $9, $10, $11 FROM target t
                ON CONFLICT (generation, tenant_id, link_id) DO UPDATE SET
                    connection_id = EXCLUDED.connection_id, calendar_id = EXCLUDED.calendar_id,
                    total_events = EXCLUDED.total_events, upcoming_events = EXCLUDED.upcoming_events,
                    synced_at = EXCLUDED.synced_at, synced_event = EXCLUDED.synced_event
                WHERE %s
                RETURNING generation, tenant_id, owner_user_id, integration
            )
            """.formatted(LINK_COLUMNS, CONNECTION_VALUES, newer("synced")) + LOG_CHANGES;

    static final String SYNC_FAILED = TARGET + """
            applied AS (
                INSERT INTO status_calendar_link AS c (%s, failure_category, failure_code, failure_action, failure_reason,
                    failure_retry_at, failure_count, failed_at, failed_event)
                SELECT %s, $8, $9, $10, $11, $12, $13, $14, $15 FROM target t
                ON CONFLICT (generation, tenant_id, link_id) DO UPDATE SET
                    failure_category = EXCLUDED.failure_category, failure_code = EXCLUDED.failure_code,
                    failure_action = EXCLUDED.failure_action, failure_reason = EXCLUDED.failure_reason,
                    failure_retry_at = EXCLUDED.failure_retry_at, failure_count = EXCLUDED.failure_count,
                    failed_at = EXCLUDED.failed_at, failed_event = EXCLUDED.failed_event
                WHERE %s
                RETURNING generation, tenant_id, owner_user_id, integration
            )
            """.formatted(LINK_COLUMNS, CONNECTION_VALUES, newer("failed")) + LOG_CHANGES;

    /** The audience's whole state replaces the one held; the card changed is its connection owner's. */
    static final String AUDIENCE = TARGET + """
            applied AS (
                INSERT INTO status_audience AS c (generation, tenant_id, audience_id, connection_id, audience_name, state,
                    paused_reason, subscribed, unsubscribed, cleaned, pending, transactional, archived, last_delivery_at,
                    received, rejected, parked, stale, changed_at, changed_event)
                SELECT t.generation, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20
                FROM target t
                ON CONFLICT (generation, tenant_id, audience_id) DO UPDATE SET
                    connection_id = EXCLUDED.connection_id, audience_name = coalesce(EXCLUDED.audience_name, c.audience_name),
                    state = EXCLUDED.state, paused_reason = EXCLUDED.paused_reason, subscribed = EXCLUDED.subscribed,
                    unsubscribed = EXCLUDED.unsubscribed, cleaned = EXCLUDED.cleaned, pending = EXCLUDED.pending,
                    transactional = EXCLUDED.transactional, archived = EXCLUDED.archived,
                    last_delivery_at = EXCLUDED.last_delivery_at, received = EXCLUDED.received, rejected = EXCLUDED.rejected,
                    parked = EXCLUDED.parked, stale = EXCLUDED.stale, changed_at = EXCLUDED.changed_at,
                    changed_event = EXCLUDED.changed_event
                WHERE %s
                RETURNING generation, tenant_id, connection_id, 'mailchimp'::text AS integration
            ),
            owned AS (
                SELECT a.generation, a.tenant_id, s.owner_user_id, a.integration FROM applied a
                LEFT JOIN status_connection s ON s.generation = a.generation AND s.tenant_id = a.tenant_id
                    AND s.connection_id = a.connection_id
            )
            INSERT INTO status_change (tenant_id, owner_user_id, integration)
            SELECT o.tenant_id, o.owner_user_id, o.integration FROM owned o
            JOIN target t ON t.generation = o.generation AND t.state = 'live'
            """.formatted(newer("changed"));

    /** Whether the fact in EXCLUDED is newer than the row's, by the clock of {@code group}'s columns. */
    private static String newer(String group) {
        return NEWER.formatted(group);
    }

    public Uni<Void> connectionChanged(SqlConnection tx, Integer generation, String tenant, String eventId, ConnectionChangedV2 fact) {
        return run(tx, CONNECTION_STATUS, connection(generation, tenant, fact.connectionId(), fact.provider(),
                fact.kind().wireName(), fact.ownerUserId())
                .addString(fact.status().wireName()).addValue(at(fact.occurredAt())).addString(eventId));
    }

    /** The status a failed refresh left, by the failure's clock (a connection.changed follows when it changed). */
    public Uni<Void> statusAfterFailure(SqlConnection tx, Integer generation, String tenant, String eventId, TokenRefreshFailedV1 fact) {
        return run(tx, CONNECTION_STATUS, connection(generation, tenant, fact.connectionId(), fact.provider(), "oauth",
                fact.ownerUserId())
                .addString(fact.status().wireName()).addValue(at(fact.failedAt())).addString(eventId));
    }

    public Uni<Void> refreshFailed(SqlConnection tx, Integer generation, String tenant, String eventId, TokenRefreshFailedV1 fact) {
        return run(tx, REFRESH_FAILED, connection(generation, tenant, fact.connectionId(), fact.provider(), "oauth",
                fact.ownerUserId())
                .addString(fact.category().wireName()).addString(fact.providerCode()).addString(fact.action().wireName())
                .addValue(at(fact.retryAt())).addInteger(fact.consecutiveFailures()).addValue(at(fact.failedAt()))
                .addString(eventId));
    }

    public Uni<Void> refreshed(SqlConnection tx, Integer generation, String tenant, String eventId, TokenRefreshedV1 fact) {
        return run(tx, TOKEN_REFRESHED, connection(generation, tenant, fact.connectionId(), fact.provider(), "oauth",
                fact.ownerUserId())
                .addValue(at(fact.accessTokenExpiresAt())).addValue(at(fact.refreshedAt())).addString(eventId));
    }

    public Uni<Void> checked(SqlConnection tx, Integer generation, String tenant, String eventId, ConnectionCheckedV1 fact) {
        boolean valid = fact.outcome() == ConnectionCheckOutcome.VALID;
        return run(tx, CHECKED, connection(generation, tenant, fact.connectionId(), fact.provider(), fact.kind().wireName(),
                fact.ownerUserId())
                .addString(fact.outcome().wireName()).addString(fact.providerCode()).addValue(at(fact.checkedAt()))
                .addString(eventId).addValue(valid ? at(fact.checkedAt()) : null));
    }

    public Uni<Void> policyChanged(SqlConnection tx, Integer generation, String tenant, ConnectionPolicyChangedV1 fact) {
        return run(tx, POLICY, Tuple.of(generation, tenant, fact.allowedProviders().toArray(String[]::new), fact.version(),
                at(fact.changedAt())));
    }

    public Uni<Void> synced(SqlConnection tx, Integer generation, String tenant, String eventId, CalendarSyncedV2 fact) {
        return run(tx, SYNCED, link(generation, tenant, fact.linkId(), fact.connectionId(), fact.provider().wireName(),
                fact.ownerUserId(), fact.calendarId())
                .addInteger(fact.totalEvents()).addInteger(fact.upcomingEvents()).addValue(at(fact.syncedAt())).addString(eventId));
    }

    public Uni<Void> syncFailed(SqlConnection tx, Integer generation, String tenant, String eventId, CalendarSyncFailedV2 fact) {
        return run(tx, SYNC_FAILED, link(generation, tenant, fact.linkId(), fact.connectionId(), fact.provider().wireName(),
                fact.ownerUserId(), fact.calendarId())
                .addString(fact.category().wireName()).addString(fact.providerCode())
                .addString(fact.requiredAction().wireName()).addString(fact.reason()).addValue(at(fact.retryAt()))
                .addInteger(fact.consecutiveFailures()).addValue(at(fact.failedAt())).addString(eventId));
    }

    public Uni<Void> audienceChanged(SqlConnection tx, Integer generation, String tenant, String eventId, AudienceChangedV1 fact) {
        var members = fact.members();
        var deliveries = fact.deliveries();
        Tuple values = Tuple.of(generation, tenant, fact.audienceId(), fact.connectionId(), fact.audienceName(),
                fact.state().wireName()).addString(fact.pausedReason())
                .addLong(members.subscribed()).addLong(members.unsubscribed()).addLong(members.cleaned())
                .addLong(members.pending()).addLong(members.transactional()).addLong(members.archived())
                .addValue(at(fact.lastDeliveryAt())).addLong(deliveries.received()).addLong(deliveries.rejected())
                .addLong(deliveries.parked()).addLong(deliveries.stale()).addValue(at(fact.occurredAt())).addString(eventId);
        return run(tx, AUDIENCE, values);
    }

    private static Tuple connection(Integer generation, String tenant, String connectionId, String provider, String kind,
            String owner) {
        return Tuple.of(generation, tenant, connectionId, provider, Integration.ofProvider(provider).id(), kind).addString(owner);
    }

    private static Tuple link(Integer generation, String tenant, String linkId, String connectionId, String provider,
            String owner, String calendarId) {
        return Tuple.of(generation, tenant, linkId, connectionId, Integration.ofProvider(provider).id(), owner)
                .addString(calendarId);
    }

    private static Uni<Void> run(SqlConnection tx, String sql, Tuple values) {
        return tx.preparedQuery(sql).execute(values).replaceWithVoid();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
