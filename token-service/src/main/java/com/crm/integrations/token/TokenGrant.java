package com.crm.integrations.token;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a token endpoint granted: an access token, maybe a refresh token, its lifetime and scopes.
 * {@link #toString()} shows no token.
 *
 * @param expiresIn     the access token's lifetime; empty when it does not expire (Mailchimp's
 *                      {@code expires_in: 0}) or the provider did not say
 * @param grantedScopes the scopes actually granted (the user may untick some); empty when the
 *                      provider did not say
 * @param idToken       the OpenID Connect id_token, when one came
 */
public record TokenGrant(Secret accessToken, Optional<Secret> refreshToken, Optional<Duration> expiresIn,
        List<String> grantedScopes, Optional<String> idToken) {

    public TokenGrant {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(expiresIn, "expiresIn");
        grantedScopes = List.copyOf(grantedScopes);
        Objects.requireNonNull(idToken, "idToken");
    }

    @Override
    public String toString() {
        return "TokenGrant[refreshToken=" + refreshToken.isPresent() + ", expiresIn=" + expiresIn.orElse(null)
                + ", grantedScopes=" + grantedScopes + "]";
    }
}
