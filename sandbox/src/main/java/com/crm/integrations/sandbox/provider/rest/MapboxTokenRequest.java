package com.crm.integrations.sandbox.provider.rest;

import java.util.List;

import com.crm.integrations.sandbox.provider.MapboxTokenSpec;

/** The JSON body of {@code POST /control/mapbox/tokens}. */
public record MapboxTokenRequest(String usage, String user, List<String> scopes, Long expiresIn) {

    MapboxTokenSpec toSpec() {
        return new MapboxTokenSpec(usage, user, scopes, expiresIn);
    }
}
