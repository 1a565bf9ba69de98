package com.crm.integrations.sandbox.provider.rest;

import com.crm.integrations.sandbox.provider.RefreshToken;

/** A refresh token as {@code GET /control/{provider}/refresh-tokens} lists it. */
public record RefreshTokenView(String token, String account, int uses, String state) {

    static RefreshTokenView of(RefreshToken token) {
        return new RefreshTokenView(token.value(), token.grant().account(), token.uses(), token.state().wire());
    }
}
