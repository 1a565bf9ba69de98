package com.crm.integrations.common.security;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The cache of verified bearer tokens ({@code integrations.identity.verified-token-cache.*}, see
 * {@link VerifiedTokens} and ADR 0013).
 */
@ConfigMapping(prefix = "integrations.identity.verified-token-cache")
public interface VerifiedTokenCacheConfig {

    /**
     * How many verified tokens are held at most; beyond that Caffeine evicts the least valuable. {@code 0}
     * turns the cache off: every request's token is verified. Defaults to 10,000: about 30 MB of heap
     * when full of user tokens like the identity provider's (~3 KB each, measured: ADR 0013).
     */
    @WithDefault("10000")
    @Min(0)
    @Max(1_000_000)
    int maxEntries();
}
