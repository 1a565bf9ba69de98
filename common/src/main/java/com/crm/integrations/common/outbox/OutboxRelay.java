package com.crm.integrations.common.outbox;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import com.crm.integrations.common.outbox.RoundLoop.RoundEnd;
import com.crm.integrations.common.retry.Backoff;
import com.crm.integrations.common.sql.Transactions;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Publishes pending outbox rows to Kafka: at least once, in order per tenant, with any number of
 * relays (replicas) over the same schema.
 *
 * <p>
 * A round is one transaction. It takes the tenants of the oldest pending rows and keeps up to
 * {@code tenants-per-round} of those whose transaction-scoped advisory lock it gets (another relay
 * holds the rest: one tenant's rows are published by one relay at a time); then, in a new statement
 * (so its snapshot sees what the lock's previous holder committed), it reads up to a batch of their
 * pending rows by position ({@link OutboxRows}), sends them in that order through the idempotent
 * producer ({@link CloudEventMessages}), waits until every send has settled, and marks as sent, per
 * tenant, only the rows before that tenant's first refused one ({@link Settlement}). The rest stay
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
 * When rounds run is {@link RoundLoop}'s: on a writer's commit, again at once while a round leaves
 * rows it could take (a full batch, or as many tenants as it may take with more waiting), and on the
 * polling fallback; never on a fixed tick after a commit. A failed round (database or a record
 * refused) is retried after a pause that grows, with full jitter, to the configured maximum.
 */
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** A round still waiting after this long is logged: the broker is likely away. */
    private static final Duration SLOW_ROUND = Duration.ofSeconds(30);

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final OutboxConfig.Relay config;
    private final OutboxMetrics metrics;
    private final URI source;
    private final RoundLoop loop;
    private final AtomicLong published = new AtomicLong();

    /**
     * @param source the CloudEvent {@code source} of every event: {@code /integrations/<service>}
     */
    public OutboxRelay(Pool pool, MutinyEmitter<String> emitter, OutboxConfig.Relay config, OutboxMetrics metrics,
            Vertx vertx, String source) {
        this.pool = pool;
        this.emitter = emitter;
        this.config = config;
        this.metrics = metrics;
        this.source = URI.create(source);
        this.loop = new RoundLoop(this::round,
                (delay, action) -> vertx.setTimer(Math.max(1, delay.toMillis()), id -> action.run()),
                config.minBackoff(),
                failures -> Backoff.fullJitter(failures, config.minBackoff(), config.maxBackoff(),
                        bound -> ThreadLocalRandom.current().nextLong(bound)));
    }

    /** Asks for a round: starts one now when idle, or right after the current one. Never blocks. */
    public void wake() {
        loop.wake();
    }

    /** Starts no further round; a round under way finishes (its commit or rollback is safe either way). */
    public void stop() {
        loop.stop();
    }

    /** Whether a round runs or is about to: a commit now will be picked up without a notification. */
    public boolean isBusy() {
        return loop.isBusy();
    }

    /** Events this relay has published and had acknowledged since it started. */
    public long published() {
        return published.get();
    }

    /** One round: claim tenants, send their oldest pending rows, record what Kafka acknowledged. */
    Uni<RoundEnd> round() {
        return pool.getConnection()
                .chain(connection -> Transactions.inTransaction(connection, this::publishPending).eventually(connection::close))
                // After the commit, so that what Kafka acknowledged stays marked: a refusal fails the round for the loop.
                .chain(outcome -> outcome.refusal() == null
                        ? Uni.createFrom().item(outcome.end())
                        : Uni.createFrom().failure(outcome.refusal()));
    }

    /** How a round ended, and why Kafka refused a record of it, if it did. */
    private record Outcome(RoundEnd end, Throwable refusal) {
    }

    private Uni<Outcome> publishPending(SqlConnection tx) {
        int batch = config.batchSize();
        return OutboxRows.claim(tx, batch, config.tenantsPerRound()).chain(claim -> {
            if (claim.tenants().length == 0) {
                return Uni.createFrom().item(new Outcome(claim.contended() ? RoundEnd.CONTENDED : RoundEnd.DONE, null));
            }
            return OutboxRows.pending(tx, claim.tenants(), batch).chain(events -> send(events)
                    .call(settlement -> OutboxRows.markSent(tx, settlement.acknowledgedPositions()))
                    .map(settlement -> new Outcome(next(claim, events.size() == batch), settlement.firstFailure())));
        });
    }

    /**
     * At once again when the round took all it could (a full batch, or as many tenants as it may
     * while others wait): no commit would wake the relay for the rows it left.
     */
    private static RoundEnd next(OutboxRows.Claim claim, boolean fullBatch) {
        if (fullBatch || claim.leftTenants()) {
            return RoundEnd.MORE;
        }
        return claim.contended() ? RoundEnd.CONTENDED : RoundEnd.DONE;
    }

    /**
     * Hands every event to the producer in position order (the idempotent producer keeps that
     * order per partition, retries included), then waits for all acknowledgements.
     */
    private Uni<Settlement> send(List<PendingEvent> events) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(events.size());
        for (PendingEvent event : events) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            acks.add(ack);
            try {
                emitter.sendMessageAndForget(CloudEventMessages.of(event, source, ack));
            } catch (RuntimeException refused) {
                ack.completeExceptionally(refused);
            }
        }
        List<CompletableFuture<Throwable>> outcomes = acks.stream()
                .map(ack -> ack.handle((ok, failure) -> failure)).toList();
        CompletableFuture<Void> settled = CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new));
        return Uni.createFrom().completionStage(settled)
                .ifNoItem().after(SLOW_ROUND).recoverWithUni(() -> {
                    LOG.warnf("Outbox relay waits for Kafka to acknowledge %d events; their tenants stay with this "
                            + "relay until it does", events.size());
                    return Uni.createFrom().completionStage(settled);
                })
                .map(ignored -> record(Settlement.of(events, outcomes.stream().map(CompletableFuture::join).toList())));
    }

    private Settlement record(Settlement settlement) {
        Instant now = Instant.now();
        for (PendingEvent event : settlement.acknowledged()) {
            metrics.published(event.topic(), Duration.between(event.createdAt().toInstant(), now));
        }
        for (PendingEvent event : settlement.refused()) {
            metrics.failed(event.topic());
        }
        published.addAndGet(settlement.acknowledged().size());
        return settlement;
    }
}
