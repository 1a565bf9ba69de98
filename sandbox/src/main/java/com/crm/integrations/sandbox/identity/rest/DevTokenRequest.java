package com.crm.integrations.sandbox.identity.rest;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.identity.DevTokenSpec;
import com.crm.integrations.sandbox.identity.Role;

/**
 * The JSON body of {@code POST /idp/dev-tokens}; every field may be absent. An unknown field (see
 * application.properties) is refused, so that {@code "tenant_id"} for {@code "tenantId"} is not silently dropped.
 */
public record DevTokenRequest(String tenantId, String userId, List<String> roles, Long expiresIn, String issuer) {

    /** @throws InvalidRequestException when a field is missing, malformed or out of range */
    DevTokenSpec toSpec() {
        Set<Role> parsed = EnumSet.noneOf(Role.class);
        for (String role : roles == null ? List.<String> of() : roles) {
            parsed.add(Role.ofGroup(role).orElseThrow(
                    () -> new InvalidRequestException("unknown role '" + role + "': allowed are tenant_admin, operator")));
        }
        return new DevTokenSpec(tenantId, userId, parsed, expiresIn == null ? DevTokenSpec.DEFAULT_EXPIRES_IN : expiresIn, issuer);
    }
}
