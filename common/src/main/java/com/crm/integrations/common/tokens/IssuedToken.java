package com.crm.integrations.common.tokens;

import java.time.Instant;
import java.util.Objects;

/**
 * An access token token-service handed out: the token (or API key) to call the provider with, when it expires
 * ({@code null}: it does not, e.g. Mailchimp tokens and API keys) and, for Mailchimp, the API endpoint of the account's
 * data centre ({@code https://us21.api.mailchimp.com}; {@code null} for other providers). Its {@link #toString()}
 * never shows the token.
 */
public record IssuedToken(String accessToken, Instant expiresAt, String apiEndpoint) {

    public IssuedToken {
        Objects.requireNonNull(accessToken, "accessToken");
    }

    @Override
    public String toString() {
        return "IssuedToken[expiresAt=" + expiresAt + ", apiEndpoint=" + apiEndpoint + "]";
    }
}
