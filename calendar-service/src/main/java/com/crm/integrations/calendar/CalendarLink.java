package com.crm.integrations.calendar;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.DynamicUpdate;

import com.crm.integrations.common.events.payload.CalendarProvider;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.events.payload.RequiredAction;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.security.Caller;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A user's calendar at Google or Microsoft, linked to the CRM: one per token-service connection. It
 * holds where the sync stands (the provider's cursor, the window of the last full listing), when it
 * runs next, and how it last went.
 */
@Entity
@Table(name = "calendar_link")
@DynamicUpdate
public class CalendarLink extends PanacheEntityBase {

    /** The calendar a new link syncs: the account's main one (Google {@code primary}, Graph {@code /me/calendar}). */
    public static final String PRIMARY = "primary";

    @Id
    public UUID id;
    public String tenantId;
    public String ownerUserId;
    public String connectionId;
    public CalendarProvider provider;
    public String accountFingerprint;
    public String calendarId;
    public String calendarName;
    public LinkState state;
    public LinkStateReason stateReason;
    /** The user paused it; it stays paused, whatever its connection does, until they resume it. */
    public boolean userPaused;
    public ConnectionStatus connectionStatus;
    public String syncCursor;
    public Instant baselineFrom;
    public Instant baselineUntil;
    public Instant baselinedAt;
    public Instant nextSyncAt;
    public Instant retryAt;
    /** The provider throttled the mailbox until then: sync and commands both wait. */
    public Instant throttledUntil;
    /** Written only by {@code LinkLeases}' statements, never by the entity. */
    @Column(insertable = false, updatable = false)
    public String leaseOwner;
    @Column(insertable = false, updatable = false)
    public Instant leaseUntil;
    public Instant lastSuccessAt;
    public Instant lastFailureAt;
    public FailureCategory lastFailureCategory;
    public String lastFailureCode;
    public String lastFailureReason;
    public RequiredAction requiredAction;
    public int consecutiveFailures;
    public int totalEvents;
    public int upcomingEvents;
    @Version
    public long version;
    public Instant createdAt;
    public Instant updatedAt;

    /** A new active link to the primary calendar of a connection, due at once. */
    public static CalendarLink forConnection(String tenantId, String ownerUserId, String connectionId, CalendarProvider provider,
            String accountFingerprint, Instant now) {
        CalendarLink link = new CalendarLink();
        link.id = UUID.randomUUID();
        link.tenantId = tenantId;
        link.ownerUserId = ownerUserId;
        link.connectionId = connectionId;
        link.provider = provider;
        link.accountFingerprint = accountFingerprint;
        link.calendarId = PRIMARY;
        link.state = LinkState.ACTIVE;
        link.connectionStatus = ConnectionStatus.ACTIVE;
        link.nextSyncAt = now;
        link.createdAt = now;
        link.updatedAt = now;
        return link;
    }

    /** Whether the caller may see it: same tenant, and its owner or a tenant admin. */
    public boolean visibleTo(Caller caller) {
        return caller.tenantId() != null && caller.tenantId().value().equals(tenantId)
                && (caller.isTenantAdmin() || caller.subject().equals(ownerUserId));
    }

    /**
     * Takes in the connection's status as token-service announced it (or as a confirmed rejection
     * showed it): revoked ends the link; any other status but active pauses it until the connection is
     * active again, and then it resumes where it stopped.
     */
    public void connectionIs(ConnectionStatus status, Instant now) {
        connectionStatus = status;
        if (status == ConnectionStatus.REVOKED) {
            state = LinkState.ENDED;
            stateReason = LinkStateReason.CONNECTION_REVOKED;
            requiredAction = stateReason.requiredAction();
            syncCursor = null;
            updatedAt = now;
            return;
        }
        settle(now);
    }

    /** The user pauses or resumes it; a connection that needs attention keeps it paused either way. */
    public void pausedByUser(boolean paused, Instant now) {
        userPaused = paused;
        settle(now);
    }

    /** Stops syncing a calendar the provider no longer has, until the user picks another one. */
    public void disable(LinkStateReason reason, Instant now) {
        if (state == LinkState.ENDED) {
            return;
        }
        state = LinkState.DISABLED;
        stateReason = reason;
        requiredAction = reason.requiredAction();
        syncCursor = null;
        updatedAt = now;
    }

    /** Syncs {@code calendarId} from now on: a full listing, from scratch when it is another calendar. */
    public void pickCalendar(String calendarId, String calendarName, Instant now) {
        if (!calendarId.equals(this.calendarId)) {
            this.calendarId = calendarId;
            startOver(now);
        }
        this.calendarName = calendarName;
        if (state == LinkState.DISABLED) {
            state = LinkState.PAUSED;
        }
        settle(now);
    }

    /** The provider throttled this mailbox: nothing of the link calls it before {@code until} (a later wait stays). */
    public void throttle(Instant until) {
        if (throttledUntil == null || throttledUntil.isBefore(until)) {
            throttledUntil = until;
        }
    }

    /** Whether it syncs. */
    public boolean isActive() {
        return state == LinkState.ACTIVE;
    }

    /** The state its connection and its user leave it in, unless it ended or its calendar is gone. */
    private void settle(Instant now) {
        if (state == LinkState.ENDED || state == LinkState.DISABLED) {
            return;
        }
        LinkStateReason reason = switch (connectionStatus) {
            case NEEDS_REAUTH -> LinkStateReason.NEEDS_REAUTH;
            case MISCONFIGURED -> LinkStateReason.CONNECTION_MISCONFIGURED;
            case ERROR -> LinkStateReason.CONNECTION_ERROR;
            case REVOKED -> LinkStateReason.CONNECTION_REVOKED;
            case ACTIVE -> userPaused ? LinkStateReason.PAUSED_BY_USER : null;
        };
        LinkState was = state;
        state = reason == null ? LinkState.ACTIVE : LinkState.PAUSED;
        stateReason = reason;
        requiredAction = reason == null ? null : reason.requiredAction();
        if (state == LinkState.ACTIVE && was != LinkState.ACTIVE) {
            retryAt = null;
            nextSyncAt = now;
        }
        updatedAt = now;
    }

    /**
     * Forgets where the sync stood (another account, another calendar): the next run is a full listing.
     * The events stored for the old calendar are the caller's to remove.
     */
    public void startOver(Instant now) {
        syncCursor = null;
        baselineFrom = null;
        baselineUntil = null;
        baselinedAt = null;
        totalEvents = 0;
        upcomingEvents = 0;
        nextSyncAt = now;
        updatedAt = now;
    }

    /** Whether {@code fingerprint} names the account this link synced (an unknown one never does). */
    public boolean sameAccount(String fingerprint) {
        return fingerprint != null && Objects.equals(fingerprint, accountFingerprint);
    }
}
