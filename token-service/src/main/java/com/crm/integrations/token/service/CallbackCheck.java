package com.crm.integrations.token.service;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;

import com.crm.integrations.token.AuthorizationOutcome;
import com.crm.integrations.token.repository.OAuthSessionRepository.Session;

/**
 * Judges an OAuth callback before anything is exchanged: the state must be known and this provider's,
 * the browser must bring the flow's cookie, the state unused and fresh, and the provider must have
 * sent a code rather than an error. Pure.
 */
public final class CallbackCheck {

    /** What to do with the callback. */
    public enum Action {
        /** Refuse without touching the session: it is unknown, or this browser did not start it (the state stays usable). */
        REFUSE_UNTRUSTED,
        /** Refuse and clear the cookie: the state was used already. */
        REFUSE_REPLAYED,
        /** Take the state (single use), then end the flow with the verdict's outcome. */
        TAKE_STATE_AND_END,
        /** Take the state (single use), then exchange the code. */
        TAKE_STATE_AND_EXCHANGE
    }

    /**
     * @param outcome   the outcome to report; empty for {@link Action#TAKE_STATE_AND_EXCHANGE}
     * @param errorCode the provider's OAuth error code to pass on to the CRM, when it sent a plain one
     */
    public record Verdict(Action action, Optional<AuthorizationOutcome> outcome, Optional<String> errorCode) {
        static Verdict of(Action action, AuthorizationOutcome outcome) {
            return new Verdict(action, Optional.of(outcome), Optional.empty());
        }
    }

    private CallbackCheck() {
    }

    /**
     * @param session the session the callback's state names, if any
     * @param cookie  the value of the flow's cookie the browser sent, or {@code null}
     * @param code    the callback's {@code code}, or {@code null}
     * @param error   the callback's {@code error}, or {@code null}
     */
    public static Verdict judge(String provider, Optional<Session> session, String cookie, String code, String error, Instant now) {
        if (session.isEmpty() || !session.get().provider().equals(provider)) {
            return Verdict.of(Action.REFUSE_UNTRUSTED, AuthorizationOutcome.INVALID_STATE);
        }
        Session found = session.get();
        if (cookie == null || found.cookieHash().isEmpty() || !MessageDigest.isEqual(Randoms.sha256(cookie), found.cookieHash().get())) {
            return Verdict.of(Action.REFUSE_UNTRUSTED, AuthorizationOutcome.MISSING_COOKIE);
        }
        if (found.finishedAt().isPresent()) {
            return Verdict.of(Action.REFUSE_REPLAYED, AuthorizationOutcome.REPLAYED_STATE);
        }
        if (found.expiresAt().isBefore(now)) {
            return Verdict.of(Action.TAKE_STATE_AND_END, AuthorizationOutcome.EXPIRED_STATE);
        }
        if ("access_denied".equals(error)) {
            return Verdict.of(Action.TAKE_STATE_AND_END, AuthorizationOutcome.DENIED);
        }
        if (error != null) {
            return new Verdict(Action.TAKE_STATE_AND_END, Optional.of(AuthorizationOutcome.PROVIDER_ERROR), errorCode(error));
        }
        if (code == null || code.isBlank()) {
            return Verdict.of(Action.TAKE_STATE_AND_END, AuthorizationOutcome.PROVIDER_ERROR);
        }
        return new Verdict(Action.TAKE_STATE_AND_EXCHANGE, Optional.empty(), Optional.empty());
    }

    /** The provider's {@code error} when it is a plain OAuth error code (RFC 6749 §4.1.2.1), else nothing: it is passed on to the CRM. */
    static Optional<String> errorCode(String error) {
        return Optional.ofNullable(error).filter(value -> value.matches("[a-z_]{1,64}"));
    }
}
