package com.crm.integrations.common.outbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.common.sql.PostgresConfig;
import com.crm.integrations.common.sql.PostgresConnections;
import com.crm.integrations.testing.Infrastructure;
import com.crm.integrations.testing.IntegrationInfrastructure;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@WithTestResource(value = IntegrationInfrastructure.class, initArgs = @ResourceArg(name = "sandbox", value = "false"))
class OutboxTest {

    // 30 s like the other outbox tests: the test before the burst restarts the broker, and a loaded CI machine
    // once took more than 10 s to publish 50 rows after that (the producer reconnecting).
    private static final Duration WAIT = Duration.ofSeconds(30);

    record Refreshed(String connectionId, int attempt) {
    }

    @Inject
    Pool pool;
    @Inject
    Outbox outbox;
    @Inject
    Vertx vertx;
    @Inject
    OutboxRelayService relays;

    @Inject
    PostgresConfig postgres;

    private PgSubscriber subscriber;
    private final List<String> notifiedTenants = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() {
        subscriber = PgSubscriber.subscriber(vertx, PostgresConnections.options(postgres));
        subscriber.channel(Outbox.channelOf(postgres.schema())).handler(notifiedTenants::add);
        subscriber.connect().await().atMost(WAIT);
    }

    @AfterEach
    void stopListening() {
        subscriber.close().await().atMost(WAIT);
    }

    /** A busy relay, or one that notified under 10 ms ago, skips the notification (see Outbox): wait. */
    private void relayIdle() {
        await().pollDelay(Duration.ofMillis(20)).atMost(WAIT).until(() -> !relays.localRelay().isBusy());
    }

    @Test
    void skipsTheNotificationWhileTheRelayIsBusyAndTheRelayStillPublishes() {
        // Given: the relay is in a round (it waits for Kafka, stopped)
        TenantId first = newTenant();
        TenantId second = newTenant();
        Infrastructure.stopKafka();
        try {
            pool.withTransaction(tx -> append(tx, first)).await().atMost(WAIT);
            await().atMost(WAIT).until(() -> relays.localRelay().isBusy());
            // When
            pool.withTransaction(tx -> append(tx, second)).await().atMost(WAIT);
        } finally {
            Infrastructure.startKafka();
        }
        // Then: no notification for the second, and both are published once Kafka is back
        assertFalse(notifiedTenants.contains(second.value()));
        await().atMost(WAIT).until(() -> sentRowsOf(first) == 1 && sentRowsOf(second) == 1);
    }

    @Test
    void aBurstOfCommitsNotifiesFarLessThanOncePerCommit() {
        // Given
        relayIdle();
        List<TenantId> tenants = java.util.stream.IntStream.range(0, 50).mapToObj(i -> newTenant()).toList();
        // When: 50 commits back to back (the local relay is woken by each commit in-process)
        for (TenantId tenant : tenants) {
            pool.withTransaction(tx -> append(tx, tenant)).await().atMost(WAIT);
        }
        // Then
        try {
            await().atMost(WAIT).until(() -> tenants.stream().allMatch(t -> sentRowsOf(t) == 1));
        } catch (org.awaitility.core.ConditionTimeoutException stuck) {
            throw new AssertionError("not all published; relay busy=" + relays.localRelay().isBusy() + ", pending: "
                    + pool.query("SELECT count(*) AS rows, count(DISTINCT tenant_id) AS tenants, min(position) AS oldest, "
                            + "max(position) AS newest FROM outbox WHERE sent_at IS NULL").execute().await().atMost(WAIT)
                            .iterator().next().toJson(), stuck);
        }
        long notified = tenants.stream().filter(t -> notifiedTenants.contains(t.value())).count();
        assertTrue(notified >= 1 && notified < 25, "notifications for 50 commits: " + notified);
    }

    @Test
    void aBacklogOfMoreTenantsThanOneRoundTakesIsPublishedFromOneWakeUp() {
        // Given: 25 tenants' rows committed at once, without a notification, while the relay is idle
        // (a round takes 10 tenants here: nothing but the relay itself may bring it back for the rest)
        relayIdle();
        List<TenantId> tenants = java.util.stream.IntStream.range(0, 25).mapToObj(i -> newTenant()).toList();
        pool.withTransaction(tx -> {
            Uni<Void> inserts = Uni.createFrom().voidItem();
            for (TenantId tenant : tenants) {
                inserts = inserts.chain(() -> tx.preparedQuery(
                        "INSERT INTO outbox (id, tenant_id, topic, type, payload) VALUES ($1, $2, $3, $4, '{}')")
                        .execute(Tuple.of(UUID.randomUUID(), tenant.value(), Topics.TOKEN_EVENTS,
                                EventType.TOKEN_REFRESHED.type()))
                        .replaceWithVoid());
            }
            return inserts;
        }).await().atMost(WAIT);
        // When: one wake-up
        relays.poll();
        // Then
        await().atMost(WAIT).until(() -> tenants.stream().allMatch(t -> sentRowsOf(t) == 1));
    }

    @Test
    void commitsRacingTheEndOfRoundsAreAllPublished() {
        for (int burst = 0; burst < 20; burst++) {
            // Given: the relay idle
            relayIdle();
            List<TenantId> tenants = java.util.stream.IntStream.range(0, 24).mapToObj(i -> newTenant()).toList();
            // When: 24 writers commit at once, more tenants than a round takes, some while a round ends
            io.smallrye.mutiny.Multi.createFrom().iterable(tenants)
                    .onItem().transformToUni(tenant -> pool.withTransaction(tx -> append(tx, tenant)))
                    .merge(24).collect().asList().await().atMost(WAIT);
            // Then
            int attempt = burst;
            try {
                await().atMost(WAIT).until(() -> tenants.stream().allMatch(t -> sentRowsOf(t) == 1));
            } catch (org.awaitility.core.ConditionTimeoutException stuck) {
                throw new AssertionError("burst " + attempt + " not all published; relay busy="
                        + relays.localRelay().isBusy(), stuck);
            }
        }
    }

    private long sentRowsOf(TenantId tenant) {
        return pool.preparedQuery("SELECT count(*) FROM outbox WHERE tenant_id = $1 AND sent_at IS NOT NULL")
                .execute(Tuple.of(tenant.value())).await().atMost(WAIT).iterator().next().getLong(0);
    }

    private static TenantId newTenant() {
        return new TenantId("t-" + UUID.randomUUID());
    }

    private Uni<UUID> append(io.vertx.mutiny.sqlclient.SqlConnection tx, TenantId tenant) {
        return outbox.append(tx, EventType.TOKEN_REFRESHED, tenant, new Refreshed("c-1", 2));
    }

    private long rowsOf(TenantId tenant) {
        return pool.preparedQuery("SELECT count(*) FROM outbox WHERE tenant_id = $1").execute(Tuple.of(tenant.value()))
                .await().atMost(WAIT).iterator().next().getLong(0);
    }

    @Test
    void committedAppendLeavesOneRowAndNotifiesOnCommit() {
        // Given
        TenantId tenant = newTenant();
        relayIdle();
        // When
        UUID id = pool.withTransaction(tx -> append(tx, tenant)).await().atMost(WAIT);
        // Then
        Row row = pool.preparedQuery("SELECT tenant_id, topic, type, payload FROM outbox WHERE id = $1")
                .execute(Tuple.of(id)).await().atMost(WAIT).iterator().next();
        assertEquals(tenant.value(), row.getString("tenant_id"));
        assertEquals(Topics.TOKEN_EVENTS, row.getString("topic"));
        assertEquals("crm.integrations.token.refreshed.v1", row.getString("type"));
        assertEquals("c-1", row.getJsonObject("payload").getString("connectionId"));
        assertEquals(2, row.getJsonObject("payload").getInteger("attempt"));
        assertEquals(1, rowsOf(tenant));
        await().atMost(WAIT).until(() -> notifiedTenants.contains(tenant.value()));
    }

    @Test
    void appendAllWritesEveryEventInOrderWithOneStatementAcrossTenants() {
        // Given
        TenantId first = newTenant();
        TenantId second = newTenant();
        List<Outbox.Event> events = List.of(
                new Outbox.Event(EventType.TOKEN_REFRESHED, first, new Refreshed("c-1", 1)),
                new Outbox.Event(EventType.TOKEN_REFRESHED, second, new Refreshed("c-2", 1)),
                new Outbox.Event(EventType.TOKEN_REFRESHED, first, new Refreshed("c-1", 2)));
        // When
        List<UUID> ids = pool.withTransaction(tx -> outbox.appendAll(tx, events)).await().atMost(WAIT);
        // Then: rows in the order given, each under its own tenant
        List<String> stored = pool.preparedQuery("SELECT id, tenant_id, payload FROM outbox WHERE id = ANY($1) ORDER BY position")
                .execute(Tuple.of(ids.toArray(UUID[]::new))).await().atMost(WAIT).stream()
                .map(row -> row.getUUID("id") + "/" + row.getString("tenant_id") + "/"
                        + row.getJsonObject("payload").getString("connectionId") + "/" + row.getJsonObject("payload").getInteger("attempt"))
                .toList();
        assertEquals(List.of(ids.get(0) + "/" + first.value() + "/c-1/1", ids.get(1) + "/" + second.value() + "/c-2/1",
                ids.get(2) + "/" + first.value() + "/c-1/2"), stored);
        assertEquals(List.of(), pool.withTransaction(tx -> outbox.appendAll(tx, List.of())).await().atMost(WAIT));
    }

    @Test
    void appendAllRefusesOutsideATransactionAndAnUnfitPayloadWritesNothing() {
        // Given
        TenantId tenant = newTenant();
        List<Outbox.Event> unfit = List.of(new Outbox.Event(EventType.TOKEN_REFRESHED, tenant, new Refreshed("c-1", 1)),
                new Outbox.Event(EventType.TOKEN_REFRESHED, tenant, List.of("not", "an", "object")));
        // When / Then
        assertThrows(IllegalStateException.class, () -> pool.withConnection(connection -> outbox.appendAll(connection,
                List.of(new Outbox.Event(EventType.TOKEN_REFRESHED, tenant, new Refreshed("c-1", 1))))).await().atMost(WAIT));
        assertThrows(IllegalArgumentException.class, () -> pool.withTransaction(tx -> outbox.appendAll(tx, unfit)).await().atMost(WAIT));
        assertEquals(0, rowsOf(tenant));
    }

    @Test
    void rolledBackAppendLeavesNothingAndNotifiesNobody() {
        // Given
        TenantId rolledBack = newTenant();
        TenantId committedAfter = newTenant();
        // When: the change fails after the event was appended
        assertThrows(IllegalStateException.class, () -> pool.withTransaction(tx -> append(tx, rolledBack)
                .chain(() -> Uni.createFrom().failure(new IllegalStateException("the change is refused"))))
                .await().atMost(WAIT));
        relayIdle();
        pool.withTransaction(tx -> append(tx, committedAfter)).await().atMost(WAIT);
        // Then: by the time the later commit's notification arrives, the rolled-back one would have
        await().atMost(WAIT).until(() -> notifiedTenants.contains(committedAfter.value()));
        assertFalse(notifiedTenants.contains(rolledBack.value()));
        assertEquals(0, rowsOf(rolledBack));
    }

    @Test
    void refusesToAppendOutsideATransaction() {
        // Given
        TenantId tenant = newTenant();
        // When
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> pool.withConnection(connection -> append(connection, tenant)).await().atMost(WAIT));
        // Then
        assertTrue(refused.getMessage().contains("transaction"));
        assertEquals(0, rowsOf(tenant));
    }

    @Test
    void refusesAPayloadThatIsNotAJsonObject() {
        // Given
        TenantId tenant = newTenant();
        // When / Then
        assertThrows(IllegalArgumentException.class, () -> pool.withTransaction(
                tx -> outbox.append(tx, EventType.TOKEN_REFRESHED, tenant, List.of("not", "an", "object")))
                .await().atMost(WAIT));
        assertEquals(0, rowsOf(tenant));
    }

    @Test
    void refusesAPayloadLargerThanTheLimit() {
        // Given
        TenantId tenant = newTenant();
        String huge = "x".repeat(Outbox.MAX_PAYLOAD_BYTES);
        // When / Then
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> pool.withTransaction(
                tx -> outbox.append(tx, EventType.TOKEN_REFRESHED, tenant, new Refreshed(huge, 1)))
                .await().atMost(WAIT));
        assertTrue(refused.getMessage().contains("at most"));
        assertEquals(0, rowsOf(tenant));
    }
}
