package com.crm.integrations.sandbox.identity;

import java.util.Set;
import java.util.regex.Pattern;

import com.crm.integrations.sandbox.error.InvalidRequestException;

/**
 * A user or operator token to mint: validated on construction.
 *
 * @param tenantId the {@code tenant_id} claim; required unless {@code roles} has {@link Role#OPERATOR}
 * @param userId {@code sub} and {@code upn}
 * @param roles added to {@code groups} after {@code user}
 * @param expiresIn seconds from now to {@code exp}, {@value #MIN_EXPIRES_IN}..{@value #MAX_EXPIRES_IN}; negative mints an expired token
 * @param issuer an {@code iss} other than the configured one, or {@code null}
 */
public record DevTokenSpec(String tenantId, String userId, Set<Role> roles, long expiresIn, String issuer) {

    public static final long MIN_EXPIRES_IN = -86_400;
    public static final long MAX_EXPIRES_IN = 86_400;
    public static final long DEFAULT_EXPIRES_IN = 3_600;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MAX_ISSUER_LENGTH = 512;

    public DevTokenSpec {
        roles = Set.copyOf(roles);
        if (userId == null) {
            throw new InvalidRequestException("userId is required");
        }
        if (!ID.matcher(userId).matches()) {
            throw new InvalidRequestException("userId must be 1-64 characters of [A-Za-z0-9._-]");
        }
        if (tenantId == null && !roles.contains(Role.OPERATOR)) {
            throw new InvalidRequestException("tenantId is required unless roles contains operator");
        }
        if (tenantId != null && !ID.matcher(tenantId).matches()) {
            throw new InvalidRequestException("tenantId must be 1-64 characters of [A-Za-z0-9._-]");
        }
        if (expiresIn < MIN_EXPIRES_IN || expiresIn > MAX_EXPIRES_IN) {
            throw new InvalidRequestException("expiresIn must be between " + MIN_EXPIRES_IN + " and " + MAX_EXPIRES_IN + " seconds");
        }
        if (issuer != null && (issuer.isBlank() || issuer.length() > MAX_ISSUER_LENGTH)) {
            throw new InvalidRequestException("issuer, when given, must be 1-" + MAX_ISSUER_LENGTH + " characters");
        }
    }
}
