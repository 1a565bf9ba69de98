package com.crm.integrations.sandbox.provider;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.crm.integrations.sandbox.error.InvalidRequestException;

/**
 * A Mapbox access token to issue: validated on construction.
 *
 * @param usage {@code pk} (public), {@code sk} (secret) or {@code tk} (temporary)
 * @param user the Mapbox username that owns it
 * @param scopes e.g. {@code styles:read}
 * @param expiresInSeconds {@code tk} only: seconds from now, may be negative for an already expired token; {@code null}
 *        for the longest lifetime
 */
public record MapboxTokenSpec(String usage, String user, List<String> scopes, Long expiresInSeconds) {

    public static final Set<String> USAGES = Set.of("pk", "sk", "tk");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern SCOPE = Pattern.compile("[a-z0-9:._-]{1,64}");

    public MapboxTokenSpec {
        if (usage == null || !USAGES.contains(usage)) {
            throw new InvalidRequestException("usage must be pk, sk or tk");
        }
        if (user == null || !USER.matcher(user).matches()) {
            throw new InvalidRequestException("user must be 1-64 of [A-Za-z0-9_-]");
        }
        scopes = List.copyOf(scopes == null ? List.of() : scopes);
        for (String scope : scopes) {
            if (scope == null || !SCOPE.matcher(scope).matches()) {
                throw new InvalidRequestException("each scope must be 1-64 of [a-z0-9:._-], e.g. styles:read");
            }
        }
        if (expiresInSeconds != null && !usage.equals("tk")) {
            throw new InvalidRequestException("expiresIn applies to temporary (tk) tokens only");
        }
    }
}
