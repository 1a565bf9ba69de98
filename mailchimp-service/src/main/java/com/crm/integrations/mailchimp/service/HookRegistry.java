package com.crm.integrations.mailchimp.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.mailchimp.config.MailchimpConfig;
import com.crm.integrations.mailchimp.repository.HookRows;
import com.crm.integrations.mailchimp.webhook.Hook;

import io.smallrye.mutiny.Uni;

/**
 * Which hook a post may open, read from the database at most once per {@code hook-cache-ttl} per hook, so that the
 * ingress costs one statement per group of posts, not one more per post. A secret that does not match what was read
 * is checked against a fresh read: a rotation made on another replica opens the hook here at once (Mailchimp checks the
 * new URL with a GET while the rotation waits). A secret retired or expired on another replica may still open the hook
 * here until the TTL ends; an unlinked hook too, but it stores nothing: the ingress statement finds its link gone.
 */
@ApplicationScoped
public class HookRegistry {

    private static final int MAX_ENTRIES = 100_000;

    private record Entry(Optional<Hook> hook, Instant readAt) {
    }

    private final HookRows rows;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public HookRegistry(HookRows rows, Clock clock, MailchimpConfig config) {
        this.rows = rows;
        this.clock = clock;
        this.ttl = config.webhooks().hookCacheTtl();
    }

    /** The hook, when {@code secret} opens it now; empty for an unknown hook or a wrong secret alike. */
    public Uni<Optional<Hook>> open(String hookId, String secret) {
        Instant now = clock.instant();
        Entry entry = entries.get(hookId);
        if (entry != null && now.isBefore(entry.readAt().plus(ttl))) {
            if (opens(entry, secret, now)) {
                return Uni.createFrom().item(entry.hook());
            }
        }
        return rows.find(hookId).map(hook -> {
            Entry read = new Entry(hook, clock.instant());
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(hookId, read);
            return opens(read, secret, now) ? read.hook() : Optional.<Hook>empty();
        });
    }

    /** Forgets what this replica read of a hook (its link or secrets changed here). */
    public void forget(String hookId) {
        entries.remove(hookId);
    }

    private static boolean opens(Entry entry, String secret, Instant now) {
        return entry.hook().map(hook -> hook.opensWith(secret, now)).orElse(false);
    }
}
