package com.crm.integrations.common.outbox;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import com.crm.integrations.common.retry.Backoff;
import com.crm.integrations.common.sql.Transactions;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Publishes pending outbox rows to Kafka: at least once, in order per tenant, with any number of
 * relays (replicas) over the same schema.
 *
 * <p>
 * A round is one transaction. It takes the tenants of the oldest pending rows and keeps up to
 * {@code tenants-per-round} of those whose transaction-scoped advisory lock it gets (another relay
 * holds the rest: one tenant's rows are published by one relay at a time); then, in a new statement (so its snapshot sees what the
 * lock's previous holder committed), it reads up to a batch of their pending rows by position,
 * sends them in that order through the idempotent producer, waits until every send has settled,
 * and marks as sent, per tenant, only the rows before that tenant's first refused one. The rest stay
 * pending and the next round resends from there: never a skip ahead. The commit releases the locks.
 *
 * <p>
 * The producer never expires a record (see the channel's configuration): a record given up while
 * later records of its partition go through would reorder the tenant, and another relay must not
 * take the tenant while this one still has sends in flight. So during a broker outage a round
 * waits, holding only its tenants' locks and an idle connection, and completes when the broker is
 * back; rows written meanwhile wait in the table.
 *
 * <p>
 * A round runs when a writer's commit notifies the relay, when the previous round filled its batch,
 * and on the polling fallback; never on a fixed tick after a commit. A failed round (database or
 * a record refused) is retried after a pause that grows, with full jitter, to the configured
 * maximum.
 */
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /**
     * Up to $2 tenants, among those of the oldest $1 pending rows (oldest first), that this relay
     * can lock: tenants another relay holds are skipped, so relays share the work. The candidates
     * are materialised, and the limit stops the lock attempts once enough succeeded; the lock key
     * includes the schema, so two services' relays never wait on each other.
     */
    static final String CLAIM_TENANTS = """
            WITH candidates AS MATERIALIZED (
                SELECT tenant_id, min(position) AS first FROM (
                    SELECT tenant_id, position FROM outbox WHERE sent_at IS NULL ORDER BY position LIMIT $1) oldest
                 GROUP BY tenant_id),
            claimed AS MATERIALIZED (
                SELECT tenant_id FROM (SELECT tenant_id FROM candidates ORDER BY first) ordered
                 WHERE pg_try_advisory_xact_lock(hashtextextended(current_schema() || '/outbox/' || tenant_id, 0))
                 LIMIT $2)
            SELECT ARRAY(SELECT tenant_id FROM claimed) AS tenants, (SELECT count(*) FROM candidates) AS candidates""";

    static final String PENDING_ROWS = """
            SELECT position, id, tenant_id, topic, type, payload::text AS payload, created_at FROM outbox
             WHERE sent_at IS NULL AND tenant_id = ANY($1)
             ORDER BY position LIMIT $2""";

    static final String MARK_SENT = "UPDATE outbox SET sent_at = now() WHERE position = ANY($1)";

    /** A round still waiting after this long is logged: the broker is likely away. */
    private static final Duration SLOW_ROUND = Duration.ofSeconds(30);

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final OutboxConfig.Relay config;
    private final OutboxMetrics metrics;
    private final Vertx vertx;
    private final URI source;

    private final AtomicBoolean active = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final AtomicLong published = new AtomicLong();
    private volatile boolean stopped;
    private int failedRounds;
    private long waitingSince;

    /**
     * @param source the CloudEvent {@code source} of every event: {@code /integrations/<service>}
     */
    public OutboxRelay(Pool pool, MutinyEmitter<String> emitter, OutboxConfig.Relay config, OutboxMetrics metrics,
            Vertx vertx, String source) {
        this.pool = pool;
        this.emitter = emitter;
        this.config = config;
        this.metrics = metrics;
        this.vertx = vertx;
        this.source = URI.create(source);
    }

    /** Asks for a round: starts one now when idle, or right after the current one. Never blocks. */
    public void wake() {
        wanted.set(true);
        if (!stopped && active.compareAndSet(false, true)) {
            runRound();
        }
    }

    /** Starts no further round; a round under way finishes (its commit or rollback is safe either way). */
    public void stop() {
        stopped = true;
    }

    /** Events this relay has published and had acknowledged since it started. */
    public long published() {
        return published.get();
    }

    private void runRound() {
        wanted.set(false);
        round().subscribe().with(this::afterRound, this::afterFailedRound);
    }

    private void afterRound(Round round) {
        if (round.failed() > 0) {
            afterFailedRound(round.failure());
            return;
        }
        if (failedRounds > 0) {
            LOG.infof("Outbox relay publishing again after %d failed rounds (%d s)", failedRounds,
                    (System.nanoTime() - waitingSince) / 1_000_000_000L);
            failedRounds = 0;
        }
        if (!stopped && (round.full() || wanted.get())) {
            runRound();
            return;
        }
        if (!stopped && round.contended()) {
            // Pending tenants are held by another relay, whose commit does not wake this one.
            vertx.setTimer(Math.max(1, config.minBackoff().toMillis()), id -> {
                if (stopped) {
                    active.set(false);
                } else {
                    runRound();
                }
            });
            return;
        }
        active.set(false);
        // A wake() between the check above and the reset found the relay active: look once more.
        if (!stopped && wanted.get() && active.compareAndSet(false, true)) {
            runRound();
        }
    }

    /** Whether a round runs or is about to: a commit now will be picked up without a notification. */
    public boolean isBusy() {
        return active.get() && !stopped;
    }

    private void afterFailedRound(Throwable failure) {
        if (failedRounds++ == 0) {
            waitingSince = System.nanoTime();
            LOG.warnf("Outbox relay cannot publish (%s); pending events wait and are resent from the first "
                    + "unacknowledged one per tenant", describe(failure));
        } else {
            LOG.debugf("Outbox relay round %d failed: %s", failedRounds, describe(failure));
        }
        vertx.setTimer(backoff(failedRounds), id -> {
            if (stopped) {
                active.set(false);
            } else {
                runRound();
            }
        });
    }

    private long backoff(int failures) {
        return Backoff.fullJitter(failures, config.minBackoff(), config.maxBackoff(),
                bound -> ThreadLocalRandom.current().nextLong(bound)).toMillis();
    }

    /** One round: claim tenants, send their oldest pending rows, record what Kafka acknowledged. */
    Uni<Round> round() {
        return pool.getConnection().chain(connection -> Transactions.inTransaction(connection, this::publishPending)
                .eventually(connection::close));
    }

    private Uni<Round> publishPending(SqlConnection tx) {
        int batch = config.batchSize();
        int most = config.tenantsPerRound();
        return tx.preparedQuery(CLAIM_TENANTS).execute(Tuple.of(batch, most)).chain(claim -> {
            Row row = claim.iterator().next();
            String[] tenants = row.getArrayOfStrings("tenants");
            // Tenants with pending rows that another relay holds: look again soon, it may be done.
            boolean contended = tenants.length < Math.min(row.getLong("candidates"), most);
            if (tenants.length == 0) {
                return Uni.createFrom().item(contended ? Round.CONTENDED : Round.IDLE);
            }
            return tx.preparedQuery(PENDING_ROWS).execute(Tuple.of(tenants, batch))
                    .chain(rows -> send(pendingEvents(rows)))
                    .call(round -> round.acknowledged().length == 0
                            ? Uni.createFrom().voidItem()
                            : tx.preparedQuery(MARK_SENT).execute(Tuple.of(round.acknowledged())).replaceWithVoid())
                    .map(round -> round.with(round.attempted() == batch, contended));
        });
    }

    private static List<PendingEvent> pendingEvents(RowSet<Row> rows) {
        List<PendingEvent> events = new ArrayList<>(rows.size());
        for (Row row : rows) {
            events.add(new PendingEvent(row.getLong("position"), row.getUUID("id"), row.getString("tenant_id"),
                    row.getString("topic"), row.getString("type"), row.getString("payload"),
                    row.getOffsetDateTime("created_at")));
        }
        return events;
    }

    /**
     * Hands every event to the producer in position order (the idempotent producer keeps that
     * order per partition, retries included), then waits for all acknowledgements.
     */
    private Uni<Round> send(List<PendingEvent> events) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(events.size());
        for (PendingEvent event : events) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            acks.add(ack);
            try {
                emitter.sendMessageAndForget(message(event, ack));
            } catch (RuntimeException refused) {
                ack.completeExceptionally(refused);
            }
        }
        CompletableFuture<?>[] settled = acks.stream().map(ack -> ack.handle((ok, failure) -> null))
                .toArray(CompletableFuture[]::new);
        return Uni.createFrom().completionStage(CompletableFuture.allOf(settled))
                .ifNoItem().after(SLOW_ROUND).recoverWithUni(() -> {
                    LOG.warnf("Outbox relay waits for Kafka to acknowledge %d events; their tenants stay with this "
                            + "relay until it does", events.size());
                    return Uni.createFrom().completionStage(CompletableFuture.allOf(settled));
                })
                .map(ignored -> settle(events, acks));
    }

    private Message<String> message(PendingEvent event, CompletableFuture<Void> ack) {
        OutgoingCloudEventMetadata<Object> cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(event.id().toString())
                .withType(event.type())
                .withSource(source)
                .withSubject(event.tenant())
                .withTimestamp(event.createdAt().atZoneSameInstant(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .build();
        OutgoingKafkaRecordMetadata<String> record = OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic(event.topic())
                .withKey(event.tenant())
                .build();
        return Message.of(event.payload(), Metadata.of(cloudEvent, record))
                .withAck(() -> {
                    ack.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    ack.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
    }

    /** Per tenant, the rows before its first unacknowledged one count as sent; the rest stay pending. */
    private Round settle(List<PendingEvent> events, List<CompletableFuture<Void>> acks) {
        Set<String> halted = new HashSet<>();
        List<Long> acknowledged = new ArrayList<>(events.size());
        int failed = 0;
        Throwable firstFailure = null;
        Instant now = Instant.now();
        for (int i = 0; i < events.size(); i++) {
            PendingEvent event = events.get(i);
            CompletableFuture<Void> ack = acks.get(i);
            if (halted.contains(event.tenant())) {
                continue;
            }
            if (!ack.isCompletedExceptionally()) {
                acknowledged.add(event.position());
                metrics.published(event.topic(), Duration.between(event.createdAt().toInstant(), now));
            } else {
                halted.add(event.tenant());
                failed++;
                metrics.failed(event.topic());
                if (firstFailure == null) {
                    firstFailure = ack.handle((ok, failure) -> failure).join();
                }
            }
        }
        published.addAndGet(acknowledged.size());
        return new Round(events.size(), acknowledged.toArray(new Long[0]), failed, firstFailure, false, false);
    }

    private static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown cause";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    record PendingEvent(long position, UUID id, String tenant, String topic, String type, String payload,
            OffsetDateTime createdAt) {
    }

    /** What one round did: rows attempted, positions acknowledged, rows that failed (one per halted tenant). */
    record Round(int attempted, Long[] acknowledged, int failed, Throwable failure, boolean full, boolean contended) {

        static final Round IDLE = new Round(0, new Long[0], 0, null, false, false);
        static final Round CONTENDED = new Round(0, new Long[0], 0, null, false, true);

        Round with(boolean full, boolean contended) {
            return new Round(attempted, acknowledged, failed, failure, full, contended);
        }
    }
}
