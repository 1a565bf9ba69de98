package com.crm.integrations.mailchimp.repository;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.sql.SqlValues;
import com.crm.integrations.mailchimp.config.MailchimpConfig;
import com.crm.integrations.mailchimp.webhook.ReceivedPost;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Stores webhook posts durably, many per commit. Each post is answered only once its statement committed (with
 * {@code fsync} on, as production runs), and a commit costs the same for one row or hundreds: so posts that arrive
 * while the replica's {@code max-statements} statements are in flight wait for the next one and share its commit
 * (group commit). Alone, a post goes at once: no added latency when the ingress is quiet.
 *
 * <p>
 * One statement per group does all of it: finds each post's hook (a hook unlinked since the ingress checked it stores
 * nothing), records its content hash within the duplicate window (a retry of a stored post stores nothing and is
 * still answered 200), and inserts the new deliveries in arrival order.
 */
@ApplicationScoped
public class DeliveryWriter {

    /** What became of a post. */
    public enum Outcome {
        STORED, DUPLICATE, UNKNOWN_HOOK
    }

    /** A post to store, for the hook {@code hookId}. */
    public record Incoming(String hookId, ReceivedPost post, byte[] rawBody) {
    }

    private static final String STORE = """
            WITH input AS (
              SELECT * FROM unnest($1::text[], $2::bytea[], $3::text[], $4::timestamptz[], $5::bytea[], $6::jsonb[],
                                   $7::text[], $8::text[], $9::text[]) WITH ORDINALITY
                AS i(hook_id, content_hash, type, fired_at, raw_body, fields, subscriber_hash, status, reason, n)
            ), hooked AS (
              SELECT i.*, l.id AS link_id, l.tenant_id, l.audience_id FROM input i JOIN audience_link l ON l.hook_id = i.hook_id
            ), fresh AS (
              INSERT INTO delivery_fingerprint AS f (link_id, content_hash, seen_at)
              SELECT link_id, content_hash, $10 FROM hooked
              ON CONFLICT (link_id, content_hash) DO UPDATE SET seen_at = excluded.seen_at
                WHERE f.seen_at <= excluded.seen_at - $11::text::interval
              RETURNING link_id, content_hash
            ), stored AS (
              INSERT INTO webhook_delivery (link_id, tenant_id, audience_id, type, fired_at, received_at, content_hash, raw_body,
                                            fields, subscriber_hash, status, reason, due_at)
              SELECT h.link_id, h.tenant_id, h.audience_id, h.type, h.fired_at, $10, h.content_hash, h.raw_body, h.fields,
                     h.subscriber_hash, h.status, h.reason, CASE WHEN h.status = 'pending' THEN $10 END
              FROM hooked h JOIN fresh f ON f.link_id = h.link_id AND f.content_hash = h.content_hash
              ORDER BY h.n
              RETURNING link_id, content_hash
            )
            SELECT i.n, h.link_id IS NOT NULL AS known, s.link_id IS NOT NULL AS stored
            FROM input i LEFT JOIN hooked h ON h.n = i.n
                         LEFT JOIN stored s ON s.link_id = h.link_id AND s.content_hash = h.content_hash
            """;

    private record Waiting(Incoming incoming, UniEmitter<? super Outcome> answer) {
    }

    private final Pool pool;
    private final Clock clock;
    private final String duplicateWindow;
    private final int maxStatements;
    private final int maxGroup;
    private final Queue<Waiting> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<Runnable> storedListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public DeliveryWriter(Pool pool, Clock clock, MailchimpConfig config) {
        this.pool = pool;
        this.clock = clock;
        this.duplicateWindow = config.webhooks().duplicateWindow().toMillis() + " milliseconds";
        this.maxStatements = config.webhooks().maxStatements();
        this.maxGroup = config.webhooks().maxGroup();
    }

    /** Stores a post; the {@code Uni} completes once it is committed (or fails: nothing is acknowledged then). */
    public Uni<Outcome> store(Incoming incoming) {
        return Uni.createFrom().emitter(answer -> {
            queue.add(new Waiting(incoming, answer));
            drain();
        });
    }

    /** Called after each group that stored something new commits (the inbox processor's wake-up). */
    public void onStored(Runnable listener) {
        storedListeners.add(listener);
    }

    private void drain() {
        while (!queue.isEmpty()) {
            int running = inFlight.get();
            if (running >= maxStatements) {
                return; // a statement in flight drains again when it completes
            }
            if (!inFlight.compareAndSet(running, running + 1)) {
                continue;
            }
            List<Waiting> group = new ArrayList<>();
            Waiting next;
            while (group.size() < maxGroup && (next = queue.poll()) != null) {
                group.add(next);
            }
            if (group.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            write(group).subscribe().with(outcomes -> {
                inFlight.decrementAndGet();
                boolean anyStored = false;
                for (int i = 0; i < group.size(); i++) {
                    anyStored |= outcomes.get(i) == Outcome.STORED;
                    group.get(i).answer().complete(outcomes.get(i));
                }
                if (anyStored) {
                    storedListeners.forEach(Runnable::run);
                }
                drain();
            }, failure -> {
                inFlight.decrementAndGet();
                group.forEach(waiting -> waiting.answer().fail(failure));
                drain();
            });
        }
    }

    /**
     * One statement for the group. The same content twice for one hook within the group is written once (one statement
     * may not upsert a row twice): the later ones are duplicates of the first.
     */
    private Uni<List<Outcome>> write(List<Waiting> group) {
        Map<String, Integer> firstOf = new HashMap<>();
        List<Integer> unique = new ArrayList<>();
        int[] sameAs = new int[group.size()];
        for (int i = 0; i < group.size(); i++) {
            Incoming incoming = group.get(i).incoming();
            String key = incoming.hookId() + '/' + java.util.HexFormat.of().formatHex(incoming.post().contentHash());
            Integer first = firstOf.putIfAbsent(key, i);
            sameAs[i] = first == null ? -1 : first;
            if (first == null) {
                unique.add(i);
            }
        }
        int size = unique.size();
        String[] hooks = new String[size];
        Buffer[] hashes = new Buffer[size];
        String[] types = new String[size];
        OffsetDateTime[] firedAt = new OffsetDateTime[size];
        Buffer[] bodies = new Buffer[size];
        JsonObject[] fields = new JsonObject[size];
        String[] members = new String[size];
        String[] statuses = new String[size];
        String[] reasons = new String[size];
        for (int u = 0; u < size; u++) {
            Incoming incoming = group.get(unique.get(u)).incoming();
            ReceivedPost post = incoming.post();
            hooks[u] = incoming.hookId();
            hashes[u] = Buffer.buffer(post.contentHash());
            types[u] = post.type();
            firedAt[u] = SqlValues.timestamp(post.firedAt());
            bodies[u] = Buffer.buffer(incoming.rawBody());
            fields[u] = new JsonObject(post.fields());
            members[u] = post.subscriberHash();
            statuses[u] = post.status().wireName();
            reasons[u] = post.reason();
        }
        Instant now = clock.instant();
        Tuple parameters = Tuple.tuple().addValue(hooks).addValue(hashes).addValue(types).addValue(firedAt).addValue(bodies)
                .addValue(fields).addValue(members).addValue(statuses).addValue(reasons).addValue(SqlValues.timestamp(now))
                .addValue(duplicateWindow);
        return pool.preparedQuery(STORE).execute(parameters).map(rows -> outcomes(rows, unique, sameAs));
    }

    private static List<Outcome> outcomes(RowSet<Row> rows, List<Integer> unique, int[] sameAs) {
        Outcome[] byUnique = new Outcome[unique.size()];
        for (Row row : rows) {
            int u = (int) (row.getLong("n") - 1);
            byUnique[u] = !row.getBoolean("known") ? Outcome.UNKNOWN_HOOK
                    : row.getBoolean("stored") ? Outcome.STORED : Outcome.DUPLICATE;
        }
        Outcome[] all = new Outcome[sameAs.length];
        for (int u = 0; u < unique.size(); u++) {
            all[unique.get(u)] = byUnique[u];
        }
        for (int i = 0; i < sameAs.length; i++) {
            if (sameAs[i] >= 0) {
                Outcome first = all[sameAs[i]];
                all[i] = first == Outcome.UNKNOWN_HOOK ? Outcome.UNKNOWN_HOOK : Outcome.DUPLICATE;
            }
        }
        return List.of(all);
    }
}
