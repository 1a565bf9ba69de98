package com.crm.integrations.mailchimp.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A linked audience's webhook as the ingress needs it: where a post goes and which secrets open it.
 *
 * @param secrets the live secrets' hashes: the current one (no expiry) and, after a rotation, the previous one until
 *                its overlap ends
 */
public record Hook(String hookId, UUID linkId, String tenantId, String audienceId, List<Secret> secrets) {

    /** A stored secret hash; {@code expiresAt} null for the current one. */
    public record Secret(byte[] hash, Instant expiresAt) {
    }

    /** Whether {@code presented} opens the hook at {@code now}: compared by hash, in constant time, against each live one. */
    public boolean opensWith(String presented, Instant now) {
        byte[] hash = HookSecret.hashOf(presented);
        boolean open = false;
        for (Secret secret : secrets) {
            boolean live = secret.expiresAt() == null || secret.expiresAt().isAfter(now);
            // Every secret is compared, live or not, so that the time taken says nothing.
            open |= HookSecret.matches(hash, secret.hash()) & live;
        }
        return open;
    }
}
