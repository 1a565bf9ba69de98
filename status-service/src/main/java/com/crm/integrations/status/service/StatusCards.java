package com.crm.integrations.status.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.crm.integrations.status.Integration;
import com.crm.integrations.status.IntegrationCard;
import com.crm.integrations.status.IntegrationCard.ConnectionFacts;
import com.crm.integrations.status.IntegrationCard.Failure;
import com.crm.integrations.status.IntegrationCard.Members;
import com.crm.integrations.status.IntegrationCard.Owner;
import com.crm.integrations.status.IntegrationCard.Usage;
import com.crm.integrations.status.IntegrationCard.UsageStat;
import com.crm.integrations.status.repository.StatusFacts;
import com.crm.integrations.status.repository.StatusFacts.AudienceRow;
import com.crm.integrations.status.repository.StatusFacts.ConnectionRow;
import com.crm.integrations.status.repository.StatusFacts.LinkRow;
import com.crm.integrations.status.repository.StatusFacts.SourceRow;

/**
 * Turns a tenant's facts into cards: which integrations show, which connection each card shows, and its status, reason
 * and action (docs/status.md, "What each status and action means"). Pure: the same facts and time give the same cards.
 */
public final class StatusCards {

    static final String ACTIVE = "active";
    static final String ERROR = "error";
    static final String INACTIVE = "inactive";

    static final String USER_MUST_RECONNECT = "user_must_reconnect";
    static final String OPERATOR_MUST_FIX = "operator_must_fix";
    static final String WAIT_AND_RETRY = "wait_and_retry";
    static final String USER_MUST_CHOOSE_CALENDAR = "user_must_choose_calendar";
    /** Actions retrying cannot help: a card with one is in error at once, not after failuresBeforeAttention. */
    private static final Set<String> NOT_RETRIED = Set.of(USER_MUST_RECONNECT, OPERATOR_MUST_FIX, USER_MUST_CHOOSE_CALENDAR);

    private final List<String> defaultProviders;
    private final java.time.Duration tokenOverdue;

    public StatusCards(List<String> defaultProviders, java.time.Duration tokenOverdue) {
        this.defaultProviders = List.copyOf(defaultProviders);
        this.tokenOverdue = tokenOverdue;
    }

    /**
     * The cards of every integration the tenant allows. For a user's view ({@code tenantScope} false) the facts hold the
     * user's and the tenant's connections; for the tenant's, every user's.
     */
    public List<IntegrationCard> cards(StatusFacts facts, Instant now) {
        List<String> allowed = facts.policy() == null ? defaultProviders : facts.policy().allowedProviders();
        List<Integration> integrations = allowed.stream().map(Integration::ofProvider)
                .sorted(Comparator.comparingInt(Integration::order).thenComparing(Integration::id)).toList();
        List<IntegrationCard> cards = new ArrayList<>();
        for (Integration integration : integrations) {
            Map<String, List<ConnectionRow>> byOwner = new LinkedHashMap<>();
            facts.connections().stream().filter(row -> row.integration().equals(integration.id()))
                    .sorted(Comparator.comparing((ConnectionRow row) -> row.ownerUserId() == null ? "" : row.ownerUserId()))
                    .forEach(row -> byOwner.computeIfAbsent(row.ownerUserId() == null ? "" : row.ownerUserId(),
                            owner -> new ArrayList<>()).add(row));
            Stale stale = stale(integration, facts.staleSources());
            if (byOwner.isEmpty()) {
                cards.add(neverConnected(integration, stale));
                continue;
            }
            for (List<ConnectionRow> rows : byOwner.values()) {
                cards.add(card(integration, current(rows), facts, stale, now));
            }
        }
        return List.copyOf(cards);
    }

    /** The connection a card shows: the one not revoked with the latest fact, else the one revoked last. */
    static ConnectionRow current(List<ConnectionRow> rows) {
        Comparator<ConnectionRow> latest = Comparator.comparing(ConnectionRow::lastFactAt,
                Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(ConnectionRow::connectionId);
        return rows.stream().filter(row -> !"revoked".equals(row.status())).max(latest)
                .orElseGet(() -> rows.stream().max(latest).orElseThrow());
    }

    private static IntegrationCard neverConnected(Integration integration, Stale stale) {
        return new IntegrationCard(integration.id(), integration.name(), integration.provider(), null, false, INACTIVE, null,
                "Not connected", null, null, null, null, null, stale.stale, stale.since, stale.reason, null, null);
    }

    private IntegrationCard card(Integration integration, ConnectionRow connection, StatusFacts facts, Stale stale, Instant now) {
        Owner owner = Owner.of(connection.ownerUserId());
        String reconnecter = connection.ownerUserId() == null ? "tenant_admin" : "user";
        boolean overdue = tokenOverdue(connection, now);
        ConnectionFacts connectionFacts = new ConnectionFacts(connection.connectionId(), connection.kind(), connection.status(),
                connection.tokenExpiresAt(), overdue, connection.refreshedAt(), connection.checkedAt(), connection.checkOutcome());
        if ("revoked".equals(connection.status())) {
            return new IntegrationCard(integration.id(), integration.name(), integration.provider(), owner, false, INACTIVE,
                    connection.statusSince(), "Disconnected", null, null, null, null, null, stale.stale, stale.since,
                    stale.reason, connectionFacts, null);
        }
        int threshold = facts.attention().failuresBeforeAttention();
        Verdict verdict = new Verdict(connection.statusSince() != null ? connection.statusSince() : connection.lastFactAt());
        Failure refreshFailure = refreshFailure(connection);
        if ("needs_reauth".equals(connection.status())) {
            verdict.error(connection.statusSince(), "api_key".equals(connection.kind())
                    ? integration.name() + " refused the key" + code(connection) + ": enter a new one"
                    : integration.name() + " no longer accepts this connection" + code(connection) + ": reconnect",
                    USER_MUST_RECONNECT, reconnecter);
        } else if ("misconfigured".equals(connection.status())) {
            verdict.error(connection.statusSince(), integration.name() + " refused our application's registration"
                    + code(connection) + ": an operator must fix it", OPERATOR_MUST_FIX, "operator");
        }
        if (refreshFailure != null) {
            consider(verdict, refreshFailure, threshold, reconnecter);
        }
        Usage usage = null;
        UsageStat usageStat = null;
        Instant lastSync = null;
        Failure lastFailure = refreshFailure;
        switch (integration.usage()) {
            case CALENDAR -> {
                List<LinkRow> links = facts.links().stream()
                        .filter(link -> link.connectionId().equals(connection.connectionId())).toList();
                int total = links.stream().mapToInt(link -> link.totalEvents() == null ? 0 : link.totalEvents()).sum();
                int upcoming = links.stream().mapToInt(link -> link.upcomingEvents() == null ? 0 : link.upcomingEvents()).sum();
                lastSync = links.stream().map(LinkRow::syncedAt).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
                usage = new Usage(upcoming, total, links.size(), null, null, null, null, null, null, null);
                usageStat = new UsageStat("Synced Events", upcoming + " upcoming / " + total + " total");
                LinkRow worst = links.stream().filter(LinkRow::failing)
                        .max(Comparator.comparing((LinkRow link) -> NOT_RETRIED.contains(link.failureAction()))
                                .thenComparing(link -> link.failureCount() == null ? 0 : link.failureCount())
                                .thenComparing(LinkRow::failedAt))
                        .orElse(null);
                if (worst != null) {
                    Failure syncFailure = new Failure("calendar_sync", worst.failureCategory(), worst.failureCode(),
                            worst.failureAction(), worst.failureReason(), worst.failureRetryAt(), worst.failureCount(), worst.failedAt());
                    consider(verdict, syncFailure, threshold, USER_MUST_RECONNECT.equals(worst.failureAction()) ? reconnecter : "user");
                    lastFailure = lastFailure == null || syncFailure.at().isAfter(lastFailure.at()) ? syncFailure : lastFailure;
                }
            }
            case MAILCHIMP -> {
                List<AudienceRow> audiences = facts.audiences().stream()
                        .filter(audience -> audience.connectionId().equals(connection.connectionId()))
                        .filter(audience -> !"unlinked".equals(audience.state())).toList();
                Members members = new Members(audiences.stream().mapToLong(AudienceRow::subscribed).sum(),
                        audiences.stream().mapToLong(AudienceRow::unsubscribed).sum(), audiences.stream().mapToLong(AudienceRow::cleaned).sum(),
                        audiences.stream().mapToLong(AudienceRow::pending).sum(), audiences.stream().mapToLong(AudienceRow::transactional).sum(),
                        audiences.stream().mapToLong(AudienceRow::archived).sum());
                Instant lastWebhook = audiences.stream().map(AudienceRow::lastDeliveryAt).filter(Objects::nonNull)
                        .max(Comparator.naturalOrder()).orElse(null);
                lastSync = audiences.stream().map(audience -> latest(audience.changedAt(), audience.lastDeliveryAt()))
                        .filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
                long rejected = audiences.stream().mapToLong(AudienceRow::rejected).sum();
                usage = new Usage(null, null, null, audiences.size(), members, lastWebhook, rejected, null, null, null);
                usageStat = new UsageStat("Audiences", audiences.size() + " linked / " + members.subscribed() + " subscribed");
                audiences.stream().filter(audience -> "paused".equals(audience.state()))
                        .max(Comparator.comparing(AudienceRow::changedAt))
                        .ifPresent(paused -> verdict.error(paused.changedAt(), "Audience " + label(paused) + " is paused: "
                                + paused.pausedReason(), USER_MUST_RECONNECT, reconnecter));
            }
            case API_KEY -> {
                Boolean valid = connection.checkOutcome() == null ? null : "valid".equals(connection.checkOutcome());
                usage = new Usage(null, null, null, null, null, null, null, valid, connection.checkedAt(), connection.lastValidAt());
                usageStat = new UsageStat("API key", connection.checkOutcome() == null ? "not checked yet"
                        : "unreachable".equals(connection.checkOutcome()) ? "not reachable at the last check"
                        : Boolean.TRUE.equals(valid) ? "valid" : "refused");
                lastSync = connection.checkedAt();
                if ("unreachable".equals(connection.checkOutcome())) {
                    verdict.note(integration.name() + " could not be reached at the last check; it is checked again later",
                            null, null);
                }
            }
            case NONE -> {
            }
        }
        if (overdue) {
            verdict.note("The access token expired at " + connection.tokenExpiresAt() + " and has not been refreshed since",
                    WAIT_AND_RETRY, null);
        }
        return new IntegrationCard(integration.id(), integration.name(), integration.provider(), owner, true, verdict.status,
                verdict.since, verdict.reason, verdict.action, verdict.actionBy, lastSync, usageStat, usage, stale.stale,
                stale.since, stale.reason, connectionFacts, lastFailure);
    }

    /** A current failure: in error when it is not retried or has happened threshold times in a row, else a note. */
    private static void consider(Verdict verdict, Failure failure, int threshold, String actor) {
        int count = failure.consecutiveFailures() == null ? 1 : failure.consecutiveFailures();
        boolean attention = NOT_RETRIED.contains(failure.action()) || count >= threshold;
        String who = switch (failure.action() == null ? "" : failure.action()) {
            case OPERATOR_MUST_FIX -> "operator";
            case USER_MUST_RECONNECT, USER_MUST_CHOOSE_CALENDAR -> actor;
            default -> null;
        };
        String reason = failure.reason() != null ? failure.reason() : describe(failure, count);
        if (attention) {
            verdict.error(failure.at(), reason, failure.action(), who);
        } else {
            verdict.note(reason + (failure.retryAt() == null ? "" : "; retried at " + failure.retryAt()), failure.action(), who);
        }
    }

    private static String describe(Failure failure, int count) {
        String what = "token_refresh".equals(failure.source()) ? "Refreshing the access token" : "Syncing";
        return what + " failed " + (count == 1 ? "once" : count + " times in a row") + " (" + failure.category()
                + (failure.providerCode() == null ? "" : ", " + failure.providerCode()) + ")";
    }

    private static Failure refreshFailure(ConnectionRow connection) {
        if (!connection.refreshFailing()) {
            return null;
        }
        return new Failure("token_refresh", connection.failureCategory(), connection.failureCode(), connection.failureAction(),
                null, connection.failureRetryAt(), connection.failureCount(), connection.failedAt());
    }

    private boolean tokenOverdue(ConnectionRow connection, Instant now) {
        return "oauth".equals(connection.kind()) && connection.tokenExpiresAt() != null
                && !"needs_reauth".equals(connection.status()) && !"misconfigured".equals(connection.status())
                && connection.tokenExpiresAt().plus(tokenOverdue).isBefore(now);
    }

    private static String code(ConnectionRow connection) {
        String code = connection.checkCode() != null && "refused".equals(connection.checkOutcome()) ? connection.checkCode()
                : connection.failureCode();
        return code == null ? "" : " (" + code + ")";
    }

    private static Instant latest(Instant first, Instant second) {
        return first == null ? second : second == null || first.isAfter(second) ? first : second;
    }

    private static String label(AudienceRow audience) {
        return audience.audienceName() == null ? audience.audienceId() : "\u201c" + audience.audienceName() + "\u201d";
    }

    private static Stale stale(Integration integration, List<SourceRow> staleSources) {
        Instant since = null;
        List<String> reasons = new ArrayList<>();
        for (SourceRow source : staleSources) {
            boolean feeds = integration.sources().stream().anyMatch(sibling -> sibling.serviceName().equals(source.source()));
            if (feeds) {
                since = since == null || source.staleSince().isBefore(since) ? source.staleSince() : since;
                reasons.add(source.reason());
            }
        }
        return since == null ? Stale.FRESH : new Stale(true, since, String.join("; ", reasons));
    }

    private record Stale(boolean stale, Instant since, String reason) {
        static final Stale FRESH = new Stale(false, null, null);
    }

    /** A card's status as facts are considered: an error outranks a note, the first error found stays. */
    private static final class Verdict {
        String status = ACTIVE;
        Instant since;
        String reason;
        String action;
        String actionBy;

        Verdict(Instant since) {
            this.since = since;
        }

        void error(Instant at, String why, String what, String who) {
            if (ERROR.equals(status)) {
                return;
            }
            status = ERROR;
            since = at;
            reason = why;
            action = what;
            actionBy = who;
        }

        void note(String why, String what, String who) {
            if (ERROR.equals(status) || reason != null) {
                return;
            }
            reason = why;
            action = what;
            actionBy = who;
        }
    }
}
