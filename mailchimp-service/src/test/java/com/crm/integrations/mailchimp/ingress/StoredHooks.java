package com.crm.integrations.mailchimp.ingress;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import com.crm.integrations.mailchimp.webhook.HookSecret;

import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Hooks written straight into the database, for tests of the ingress and the inbox alone (no Mailchimp, no link API);
 * public for the cluster tests.
 */
public final class StoredHooks {

    private static final Duration WAIT = Duration.ofSeconds(10);

    public record StoredHook(UUID linkId, String tenant, String audienceId, String hookId, String secret) {

        public String url() {
            return "/webhooks/mailchimp/" + hookId + "?secret=" + secret;
        }
    }

    private StoredHooks() {
    }

    public static StoredHook create(Pool pool, String tenant) {
        UUID linkId = UUID.randomUUID();
        String audienceId = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String hookId = HookSecret.newHookId();
        HookSecret secret = HookSecret.generate();
        Instant now = Instant.now();
        pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO audience_link (id, tenant_id, audience_id, connection_id, account_key,"
                + " state, hook_id, webhook_id, import_state, linked_by, linked_at, updated_at)"
                + " VALUES ($1, $2, $3, 'c-test', 'mailchimp-connection:c-test', 'active', $4, 'w-test', 'done', 'test', $5, $5)")
                .execute(Tuple.of(linkId, tenant, audienceId, hookId, now.atOffset(ZoneOffset.UTC)))
                .chain(() -> tx.preparedQuery("INSERT INTO webhook_secret (hook_id, secret_hash, created_at) VALUES ($1, $2, $3)")
                        .execute(Tuple.of(hookId, Buffer.buffer(secret.hash()), now.atOffset(ZoneOffset.UTC)))))
                .await().atMost(WAIT);
        return new StoredHook(linkId, tenant, audienceId, hookId, secret.reveal());
    }

    public static List<Row> members(Pool pool, UUID linkId) {
        List<Row> rows = new java.util.ArrayList<>();
        pool.preparedQuery("SELECT * FROM audience_member WHERE link_id = $1 ORDER BY email").execute(Tuple.of(linkId))
                .await().atMost(WAIT).forEach(rows::add);
        return rows;
    }

    public static List<Row> deliveries(Pool pool, UUID linkId) {
        List<Row> rows = new java.util.ArrayList<>();
        pool.preparedQuery("SELECT * FROM webhook_delivery WHERE link_id = $1 ORDER BY id").execute(Tuple.of(linkId))
                .await().atMost(WAIT).forEach(rows::add);
        return rows;
    }
}
