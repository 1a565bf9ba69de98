package com.crm.integrations.token.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.crm.integrations.token.AccountSource;
import com.crm.integrations.token.AuthorizationOutcome;
import com.crm.integrations.token.ClientAuthentication;
import com.crm.integrations.token.ProviderDefinition;
import com.crm.integrations.token.Secret;

class OAuthRedirectsTest {

    private static final UUID SESSION = UUID.fromString("0b5e7c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b");
    private final OAuthRedirects local = new OAuthRedirects(URI.create("http://localhost:8081/"), Optional.empty());
    private final OAuthRedirects behindProxy = new OAuthRedirects(URI.create("https://crm.example.com/integrations/tokens"),
            Optional.of(URI.create("https://crm.example.com/settings?tab=integrations")));

    private static ProviderDefinition.OAuth oauth(boolean pkce, Map<String, String> extra) {
        return new ProviderDefinition.OAuth(URI.create("https://accounts.example.com/o/oauth2/auth"),
                URI.create("https://oauth2.example.com/token"), Optional.empty(), Optional.empty(), Optional.empty(), "client-1",
                new Secret("secret"), List.of("openid", "email"), pkce, ClientAuthentication.CLIENT_SECRET_POST, extra, true,
                AccountSource.ID_TOKEN, Optional.empty(), false);
    }

    @Test
    void buildsTheRedirectUriFromThePublicUrlWithoutADoubleSlash() {
        assertEquals(URI.create("http://localhost:8081/oauth/google/callback"), local.redirectUri("google"));
        assertEquals(URI.create("https://crm.example.com/integrations/tokens/oauth/google/callback"), behindProxy.redirectUri("google"));
    }

    @Test
    void buildsTheStartUrlWithItsOneTimeToken() {
        assertEquals(URI.create("http://localhost:8081/oauth/google/start?session=abc_-123"), local.startUrl("google", "abc_-123"));
    }

    @Test
    void asksTheProviderForACodeWithStateAndPkceChallenge() {
        // When
        URI url = local.authorizationUrl(oauth(true, Map.of()), "http://localhost:8081/oauth/google/callback", "state-1", "verifier");
        // Then
        assertEquals("https://accounts.example.com/o/oauth2/auth?response_type=code&client_id=client-1"
                + "&redirect_uri=http%3A%2F%2Flocalhost%3A8081%2Foauth%2Fgoogle%2Fcallback&scope=openid%20email&state=state-1"
                + "&code_challenge=" + Randoms.s256("verifier") + "&code_challenge_method=S256", url.toString());
    }

    @Test
    void sendsNoChallengeWithoutPkceAndNeverLetsExtraParametersOverrideOurs() {
        // When
        URI url = local.authorizationUrl(oauth(false, Map.of("state", "forged", "access_type", "offline")), "http://x/cb", "state-1",
                "verifier");
        // Then
        assertFalse(url.toString().contains("code_challenge"), url.toString());
        assertTrue(url.toString().contains("&state=state-1"), url.toString());
        assertFalse(url.toString().contains("forged"), url.toString());
        assertTrue(url.toString().endsWith("&access_type=offline"), url.toString());
    }

    @Test
    void returnsToTheOwnFinishedPageWhenNoReturnUrlIsConfigured() {
        URI url = local.returnUri("google", AuthorizationOutcome.CONNECTED, Optional.of(SESSION), Optional.empty());
        assertEquals(URI.create("http://localhost:8081/oauth/finished?provider=google&outcome=connected&connection=" + SESSION), url);
    }

    @Test
    void appendsToAReturnUrlThatHasAQueryAlready() {
        URI url = behindProxy.returnUri("google", AuthorizationOutcome.PROVIDER_ERROR, Optional.empty(), Optional.of("server_error"));
        assertEquals(URI.create("https://crm.example.com/settings?tab=integrations&provider=google&outcome=provider_error"
                + "&error=server_error"), url);
    }

    @Test
    void encodesQueryValues() {
        URI url = OAuthRedirects.withQuery(URI.create("https://x.example/cb"), Map.of("k", "a b&c=d/é"));
        assertEquals("https://x.example/cb?k=a%20b%26c%3Dd%2F%C3%A9", url.toString());
    }

    @Test
    void setsTheFlowCookieOnTheCallbackPathSecureOnHttps() {
        // When
        Redirect.Cookie cookie = behindProxy.flowCookie(SESSION, "google", "value", Duration.ofMinutes(10));
        // Then
        assertEquals(new Redirect.Cookie("crm_oauth_0b5e7c1a2f3d4e5f", "value", "/integrations/tokens/oauth/google/callback",
                Duration.ofMinutes(10), true), cookie);
    }

    @Test
    void clearsTheFlowCookieWithAnEmptyValueAndNoAgeNotSecureOnHttp() {
        assertEquals(new Redirect.Cookie("crm_oauth_0b5e7c1a2f3d4e5f", "", "/oauth/google/callback", Duration.ZERO, false),
                local.clearedCookie(SESSION, "google"));
    }

    @Test
    void namesEachSessionsCookieApart() {
        assertFalse(OAuthRedirects.cookieName(SESSION).equals(OAuthRedirects.cookieName(UUID.randomUUID())));
    }

    @Test
    void neverShowsACookieValueInItsString() {
        assertFalse(local.flowCookie(SESSION, "google", "secret-verifier", Duration.ofMinutes(1)).toString().contains("secret"));
    }

    @Test
    void refusesAPublicUrlThatIsNotAnAbsoluteHttpUrl() {
        assertThrows(IllegalArgumentException.class, () -> new OAuthRedirects(URI.create("/relative"), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new OAuthRedirects(URI.create("ftp://host/x"), Optional.empty()));
        assertThrows(NullPointerException.class, () -> new OAuthRedirects(null, Optional.empty()));
    }
}
