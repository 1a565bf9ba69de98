package com.crm.integrations.sandbox.provider.rest;

import java.util.List;

import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.provider.GrantSeed;

/** The JSON body of {@code POST /control/{provider}/grants}. */
public record GrantSeedRequest(Integer count, String accountPrefix, List<String> scopes, String dc) {

    GrantSeed toSeed() {
        if (count == null) {
            throw new InvalidRequestException("count is required: 1-" + GrantSeed.MAX_COUNT);
        }
        return new GrantSeed(count, accountPrefix, scopes, dc);
    }
}
