package com.crm.integrations.sandbox.identity.rest;

import com.crm.integrations.sandbox.identity.IssuedToken;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** RFC 6749 §5.1 successful token response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn,
        String scope) {

    static TokenResponse of(IssuedToken token) {
        String scope = token.scopes().isEmpty() ? null : String.join(" ", token.scopes());
        return new TokenResponse(token.accessToken(), "Bearer", token.expiresIn(), scope);
    }

    @Override
    public String toString() {
        return "TokenResponse[tokenType=" + tokenType + ", expiresIn=" + expiresIn + "]";
    }
}
