package com.crm.integrations.mailchimp.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.tokens.ConnectionFacts;
import com.crm.integrations.common.tokens.TokenServiceClient;

import io.smallrye.mutiny.Uni;

/**
 * The Mailchimp account a connection's calls count against: Mailchimp allows 10 simultaneous connections per account,
 * across all of its apps and keys. The account's fingerprint (token-service's, from the OAuth metadata) when known; an
 * API key names no account, so its connection stands for one. Read once per connection from token-service and kept
 * (an account does not change under a connection; a reconnect is a {@code connection.changed.v2}, which forgets it).
 */
@ApplicationScoped
public class MailchimpAccounts {

    private final TokenServiceClient tokenService;
    private final Map<String, String> keys = new ConcurrentHashMap<>();

    public MailchimpAccounts(TokenServiceClient tokenService) {
        this.tokenService = tokenService;
    }

    /** The key of the connection's account: {@code mailchimp-account:<fingerprint>} or {@code mailchimp-connection:<id>}. */
    public Uni<String> keyOf(String connectionId) {
        String known = keys.get(connectionId);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return tokenService.connection(connectionId).map(MailchimpAccounts::keyOf).invoke(key -> keys.put(connectionId, key));
    }

    /** Forgets what was read of the connection (it changed). */
    public void forget(String connectionId) {
        keys.remove(connectionId);
    }

    /** The key of the account behind {@code facts}. */
    public static String keyOf(ConnectionFacts facts) {
        return facts.accountFingerprint() != null ? "mailchimp-account:" + facts.accountFingerprint()
                : "mailchimp-connection:" + facts.id();
    }
}
