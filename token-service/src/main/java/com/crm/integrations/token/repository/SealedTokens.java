package com.crm.integrations.token.repository;

import java.util.Optional;

import com.crm.integrations.token.crypto.Sealed;

/** A connection's sealed tokens as stored: the access token (or API key) and the refresh token, each with its key id. */
public record SealedTokens(Optional<Sealed> access, Optional<Sealed> refresh) {

    public static final SealedTokens NONE = new SealedTokens(Optional.empty(), Optional.empty());
}
