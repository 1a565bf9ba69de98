package com.crm.integrations.token.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.crm.integrations.token.AuthorizationOutcome;
import com.crm.integrations.token.repository.OAuthSessionRepository.Session;
import com.crm.integrations.token.service.CallbackCheck.Action;
import com.crm.integrations.token.service.CallbackCheck.Verdict;

class CallbackCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final String COOKIE = "cookie-value";

    private static Session session(Instant expiresAt, Optional<Instant> finishedAt) {
        return new Session(UUID.randomUUID(), "acme", "alice", "google", "http://localhost/oauth/google/callback",
                Optional.of(Randoms.sha256(COOKIE)), expiresAt, Optional.of(NOW.minusSeconds(60)), finishedAt);
    }

    private static final Session OPEN = session(NOW.plus(Duration.ofMinutes(5)), Optional.empty());

    private static Verdict judge(Optional<Session> session, String cookie, String code, String error) {
        return CallbackCheck.judge("google", session, cookie, code, error, NOW);
    }

    @Test
    void exchangesAFreshUnusedStateWithItsCookieAndACode() {
        assertEquals(new Verdict(Action.TAKE_STATE_AND_EXCHANGE, Optional.empty(), Optional.empty()),
                judge(Optional.of(OPEN), COOKIE, "code-1", null));
    }

    @Test
    void refusesAnUnknownStateWithoutTouchingAnything() {
        assertEquals(Verdict.of(Action.REFUSE_UNTRUSTED, AuthorizationOutcome.INVALID_STATE), judge(Optional.empty(), COOKIE, "c", null));
    }

    @Test
    void refusesAnotherProvidersState() {
        Verdict verdict = CallbackCheck.judge("microsoft", Optional.of(OPEN), COOKIE, "code-1", null, NOW);
        assertEquals(Verdict.of(Action.REFUSE_UNTRUSTED, AuthorizationOutcome.INVALID_STATE), verdict);
    }

    @Test
    void refusesABrowserWithoutTheCookieAndLeavesTheStateUsable() {
        assertEquals(Verdict.of(Action.REFUSE_UNTRUSTED, AuthorizationOutcome.MISSING_COOKIE), judge(Optional.of(OPEN), null, "c", null));
    }

    @Test
    void refusesABrowserWithAnotherCookie() {
        assertEquals(Verdict.of(Action.REFUSE_UNTRUSTED, AuthorizationOutcome.MISSING_COOKIE),
                judge(Optional.of(OPEN), "forged", "c", null));
    }

    @Test
    void refusesASessionThatWasNeverOpened() {
        Session unopened = new Session(UUID.randomUUID(), "acme", "alice", "google", "http://x", Optional.empty(),
                NOW.plusSeconds(60), Optional.empty(), Optional.empty());
        assertEquals(Verdict.of(Action.REFUSE_UNTRUSTED, AuthorizationOutcome.MISSING_COOKIE),
                judge(Optional.of(unopened), COOKIE, "c", null));
    }

    @Test
    void refusesAReplayedState() {
        Session used = session(NOW.plusSeconds(60), Optional.of(NOW.minusSeconds(1)));
        assertEquals(Verdict.of(Action.REFUSE_REPLAYED, AuthorizationOutcome.REPLAYED_STATE), judge(Optional.of(used), COOKIE, "c", null));
    }

    @Test
    void endsAnExpiredStateBeforeLookingAtTheProvidersAnswer() {
        Session expired = session(NOW.minusSeconds(1), Optional.empty());
        assertEquals(Verdict.of(Action.TAKE_STATE_AND_END, AuthorizationOutcome.EXPIRED_STATE),
                judge(Optional.of(expired), COOKIE, null, "access_denied"));
    }

    @Test
    void endsADeclinedConsentAsDenied() {
        assertEquals(Verdict.of(Action.TAKE_STATE_AND_END, AuthorizationOutcome.DENIED),
                judge(Optional.of(OPEN), COOKIE, null, "access_denied"));
    }

    @Test
    void passesOnAPlainProviderErrorCode() {
        assertEquals(new Verdict(Action.TAKE_STATE_AND_END, Optional.of(AuthorizationOutcome.PROVIDER_ERROR), Optional.of("server_error")),
                judge(Optional.of(OPEN), COOKIE, "code-1", "server_error"));
    }

    @Test
    void dropsAProviderErrorThatIsNotAPlainCode() {
        assertEquals(new Verdict(Action.TAKE_STATE_AND_END, Optional.of(AuthorizationOutcome.PROVIDER_ERROR), Optional.empty()),
                judge(Optional.of(OPEN), COOKIE, null, "<script>alert(1)</script>"));
        assertEquals(Optional.empty(), CallbackCheck.errorCode("x".repeat(65)));
    }

    @Test
    void endsACallbackWithoutCodeAsAProviderError() {
        assertEquals(Verdict.of(Action.TAKE_STATE_AND_END, AuthorizationOutcome.PROVIDER_ERROR), judge(Optional.of(OPEN), COOKIE, " ", null));
        assertEquals(Verdict.of(Action.TAKE_STATE_AND_END, AuthorizationOutcome.PROVIDER_ERROR), judge(Optional.of(OPEN), COOKIE, null, null));
    }
}
