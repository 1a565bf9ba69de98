package com.crm.integrations.sandbox.provider;

import static com.crm.integrations.sandbox.provider.OAuthFlow.GENERIC_CLIENT;
import static com.crm.integrations.sandbox.provider.OAuthFlow.GOOGLE_CLIENT;
import static com.crm.integrations.sandbox.provider.OAuthFlow.MICROSOFT_CLIENT;
import static com.crm.integrations.sandbox.provider.OAuthFlow.params;

import java.util.Map;

import io.restassured.response.Response;

/**
 * An account connected through a stand-in's whole code flow (authorize, consent, code exchange), and its refreshes: for
 * tests about what happens to a connection's tokens rather than about the flow itself.
 */
enum Connections {

    GOOGLE("google", GOOGLE_CLIENT, "/google/o/oauth2/v2/auth", "/google/token",
            params("scope", "openid email https://www.googleapis.com/auth/calendar.events", "access_type", "offline", "prompt", "consent")),
    MICROSOFT("microsoft", MICROSOFT_CLIENT, "/microsoft/common/oauth2/v2.0/authorize", "/microsoft/common/oauth2/v2.0/token",
            params("scope", "openid email offline_access Calendars.ReadWrite", "response_mode", "query")),
    GENERIC("generic", GENERIC_CLIENT, "/generic/authorize", "/generic/token", params("scope", "openid email"));

    final String prefix;
    final String clientId;
    final String authorizePath;
    final String tokenPath;
    private final Map<String, String> extraQuery;

    Connections(String prefix, String clientId, String authorizePath, String tokenPath, Map<String, String> extraQuery) {
        this.prefix = prefix;
        this.clientId = clientId;
        this.authorizePath = authorizePath;
        this.tokenPath = tokenPath;
        this.extraQuery = extraQuery;
    }

    /** Connects {@code account}; the token response, status unchecked. */
    Response connect(String account) {
        String redirect = OAuthFlow.redirectUri(prefix);
        Map<String, String> query = params("client_id", clientId, "redirect_uri", redirect, "response_type", "code", "state", "s1");
        query.putAll(extraQuery);
        String code = OAuthFlow.approve(prefix, authorizePath, query, account, null).get("code");
        return OAuthFlow.token(tokenPath, clientId, params("grant_type", "authorization_code", "code", code, "redirect_uri", redirect));
    }

    Response refresh(String refreshToken) {
        return OAuthFlow.token(tokenPath, clientId, params("grant_type", "refresh_token", "refresh_token", refreshToken));
    }
}
