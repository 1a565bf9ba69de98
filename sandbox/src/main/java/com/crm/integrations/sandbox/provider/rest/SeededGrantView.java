package com.crm.integrations.sandbox.provider.rest;

import java.util.List;

import com.crm.integrations.sandbox.provider.service.GrantSeeder;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A seeded grant as {@code POST /control/{provider}/grants} answers it.
 *
 * @param refreshToken {@code null} where the code flow would give none (Mailchimp; Microsoft without {@code offline_access})
 * @param expiresIn seconds; 0 for Mailchimp's tokens, which never expire
 * @param dc Mailchimp's data centre; left out elsewhere
 */
public record SeededGrantView(String account, String accountId, String accessToken, String refreshToken, long expiresIn,
        List<String> scopes, @JsonInclude(JsonInclude.Include.NON_NULL) String dc) {

    static SeededGrantView of(GrantSeeder.Seeded seeded) {
        return new SeededGrantView(seeded.grant().account(), seeded.accountId(), seeded.tokens().accessToken(), seeded.tokens().refreshToken(),
                seeded.tokens().expiresIn(), List.copyOf(seeded.grant().scopes()), seeded.grant().dc());
    }
}
