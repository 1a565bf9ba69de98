package com.crm.integrations.calendar.service;

import java.time.Duration;
import java.util.Optional;

import com.crm.integrations.calendar.client.SyncCursorExpiredException;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.common.slots.SlotsBusyException;
import com.crm.integrations.common.tokens.ConnectionUnusableException;

/**
 * A failed sync, classified once: what it means for the link and the run, and what the user is told.
 *
 * @param category     the failure's class
 * @param providerCode the provider's (or our) code, for the event and the link's status
 * @param retryAfter   the wait the provider asked for, if it did
 * @param reason       one sentence for the CRM's user, naming no secret
 * @param effect       what happens to the link
 */
record SyncFailure(FailureCategory category, String providerCode, Optional<Duration> retryAfter, String reason, Effect effect) {

    /** What a failure does to the link and its run. */
    enum Effect {
        /** The run stays running, to resume from its page cursor once the link's retry time passes. */
        RETRY_LATER,
        /** The run fails; the link tries a new run after its backoff. */
        FAIL_RUN,
        /** The run fails and the link pauses until the user reconnects (token-service confirmed it). */
        PAUSE_NEEDS_REAUTH,
        /** The run fails and the link ends: the connection is gone. */
        END_LINK,
        /** The run fails and the link is disabled: the provider no longer has its calendar. */
        DISABLE_CALENDAR_GONE
    }

    private static final String TOKEN_SERVICE = "token-service";

    static SyncFailure of(Throwable failure) {
        if (failure instanceof TokenRejectedException) {
            return new SyncFailure(FailureCategory.AUTH, "token_rejected", Optional.empty(),
                    "The provider refused the connection's access: reconnect the account.", Effect.PAUSE_NEEDS_REAUTH);
        }
        if (failure instanceof ConnectionUnusableException unusable) {
            return unusable.gone()
                    ? new SyncFailure(FailureCategory.AUTH, "connection_gone", Optional.empty(),
                            "The connection no longer exists: connect the account again.", Effect.END_LINK)
                    : new SyncFailure(FailureCategory.AUTH, "connection_unusable", Optional.empty(),
                            "The connection cannot be used until the account is reconnected.", Effect.PAUSE_NEEDS_REAUTH);
        }
        if (failure instanceof SlotsBusyException) {
            return new SyncFailure(FailureCategory.RATE_LIMIT, "mailbox_busy", Optional.empty(),
                    "The calendar is busy with other requests; the sync continues shortly.", Effect.RETRY_LATER);
        }
        if (failure instanceof SyncCursorExpiredException) {
            return new SyncFailure(FailureCategory.TRANSIENT, "cursor_expired", Optional.empty(),
                    "The provider dropped the sync's place twice in one run; the sync starts over shortly.", Effect.FAIL_RUN);
        }
        if (failure instanceof ProviderCallException call) {
            return ofCall(call);
        }
        return new SyncFailure(FailureCategory.PERMANENT, "internal_error", Optional.empty(),
                "The sync failed unexpectedly; it is tried again later.", Effect.FAIL_RUN);
    }

    private static SyncFailure ofCall(ProviderCallException call) {
        String code = call.providerCode();
        if (call.status() == 404 && !TOKEN_SERVICE.equals(call.provider())) {
            return new SyncFailure(FailureCategory.PERMANENT, code != null ? code : "notFound", Optional.empty(),
                    "The calendar is gone or no longer shared with the account: choose another calendar.",
                    Effect.DISABLE_CALENDAR_GONE);
        }
        return switch (call.category()) {
            case TRANSIENT -> new SyncFailure(call.category(), code, call.retryAfter(), transientReason(call), Effect.RETRY_LATER);
            case RATE_LIMIT -> new SyncFailure(call.category(), code, call.retryAfter(),
                    "The provider asked us to slow down; the sync continues where it stopped.", Effect.RETRY_LATER);
            // Still refused after token-service handed out a token it holds good (it confirms a refusal only
            // for a token older than a few seconds): the next run reports it again, and a confirmation pauses.
            case AUTH -> new SyncFailure(call.category(), code, Optional.empty(),
                    "The provider refused the account's access; if it goes on, reconnect the account.", Effect.FAIL_RUN);
            case MISCONFIGURED -> new SyncFailure(call.category(), code, Optional.empty(),
                    "The provider refused our application's configuration; an operator must fix it.", Effect.FAIL_RUN);
            case PERMANENT -> new SyncFailure(call.category(), code, Optional.empty(),
                    "The provider refused the sync's request; it is tried again later.", Effect.FAIL_RUN);
        };
    }

    private static String transientReason(ProviderCallException call) {
        if (TOKEN_SERVICE.equals(call.provider())) {
            return "The account's access could not be fetched just now; the sync continues where it stopped.";
        }
        return call.breakerOpen() ? "The provider is failing for many users; the sync continues when it recovers."
                : "The provider could not answer; the sync continues where it stopped.";
    }

    boolean calendarGone() {
        return effect == Effect.DISABLE_CALENDAR_GONE;
    }
}
