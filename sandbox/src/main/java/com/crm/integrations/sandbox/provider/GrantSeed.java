package com.crm.integrations.sandbox.provider;

import java.util.List;
import java.util.regex.Pattern;

import com.crm.integrations.sandbox.error.InvalidRequestException;

/**
 * Grants to seed without the consent page: validated on construction.
 *
 * @param count 1..{@link #MAX_COUNT}
 * @param accountPrefix the accounts are {@code <accountPrefix>-1@example.com} to {@code <accountPrefix>-<count>@example.com}
 * @param scopes {@code null} for the scopes a connection of the provider asks for
 * @param dc Mailchimp's data centre; {@code null} for the configured one (and at every other provider)
 */
public record GrantSeed(int count, String accountPrefix, List<String> scopes, String dc) {

    public static final int MAX_COUNT = 10_000;
    public static final String DOMAIN = "example.com";
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MAX_SCOPES = 50;

    public GrantSeed {
        if (count < 1 || count > MAX_COUNT) {
            throw new InvalidRequestException("count must be between 1 and " + MAX_COUNT);
        }
        if (accountPrefix == null || !PREFIX.matcher(accountPrefix).matches()) {
            throw new InvalidRequestException("accountPrefix is required: 1-64 of [A-Za-z0-9._-]");
        }
        if (scopes != null) {
            if (scopes.size() > MAX_SCOPES) {
                throw new InvalidRequestException("scopes must hold at most " + MAX_SCOPES);
            }
            for (String scope : scopes) {
                if (!Scopes.isScope(scope)) {
                    throw new InvalidRequestException("each scope must be one RFC 6749 scope token: no spaces, quotes or backslashes");
                }
            }
            scopes = List.copyOf(scopes);
        }
    }

    /** The {@code n}th account, from 1. */
    public String account(int n) {
        return accountPrefix + "-" + n + "@" + DOMAIN;
    }
}
