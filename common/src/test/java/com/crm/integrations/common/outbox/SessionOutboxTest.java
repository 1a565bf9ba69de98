package com.crm.integrations.common.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.testing.IntegrationInfrastructure;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@link SessionOutbox}: the outbox on Hibernate Reactive, in the session's transaction. */
@QuarkusTest
@WithTestResource(value = IntegrationInfrastructure.class, initArgs = @ResourceArg(name = "sandbox", value = "false"))
class SessionOutboxTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    record Probe(String note) {
    }

    @Inject
    SessionOutbox outbox;
    @Inject
    Pool pool;
    @Inject
    Vertx vertx;

    private TenantId tenant;

    @BeforeEach
    void newTenant() {
        tenant = new TenantId("t-" + UUID.randomUUID());
    }

    @Test
    void appendsInTheSessionsTransactionAndTheCommittedRowIsPublished() {
        // When
        UUID id = onVertxContext(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> outbox.append(session, EventType.CALENDAR_SYNCED, tenant, new Probe("kept")))))
                .invoke(outbox::committed)
                .await().atMost(WAIT);

        // Then
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE id = $1 AND tenant_id = $2 AND type = $3"
                + " AND payload->>'note' = 'kept' AND jsonb_typeof(payload) = 'object'",
                id, tenant.value(), EventType.CALENDAR_SYNCED.type()));
        Awaitility.await().atMost(WAIT).until(() -> count("SELECT count(*) FROM outbox WHERE id = $1 AND sent_at IS NOT NULL", id) == 1);
    }

    @Test
    void appendsManyInOrderAcrossStatements() {
        // Given: more events than one statement takes
        int count = SessionOutbox.ROWS_PER_STATEMENT + 7;
        List<Probe> payloads = IntStream.range(0, count).mapToObj(i -> new Probe("n" + i)).toList();

        // When
        List<UUID> ids = onVertxContext(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> outbox.appendAll(session, EventType.CALENDAR_SYNCED_V2, tenant, payloads))))
                .invoke(outbox::committed)
                .await().atMost(WAIT);

        // Then: one row each, in the order given, payloads as JSON objects
        assertEquals(count, ids.size());
        var rows = pool.preparedQuery("SELECT id, payload->>'note' FROM outbox WHERE tenant_id = $1 AND jsonb_typeof(payload) = 'object'"
                + " ORDER BY position").execute(Tuple.of(tenant.value())).await().atMost(WAIT);
        List<String> notes = new ArrayList<>();
        List<UUID> stored = new ArrayList<>();
        rows.forEach(row -> {
            stored.add(row.getUUID(0));
            notes.add(row.getString(1));
        });
        assertEquals(ids, stored);
        assertEquals(payloads.stream().map(Probe::note).toList(), notes);
    }

    @Test
    void leavesNoRowWhenTheTransactionRollsBack() {
        // When
        Uni<UUID> rolledBack = onVertxContext(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> outbox.append(session, EventType.CALENDAR_SYNCED, tenant, new Probe("dropped")))
                .invoke(id -> {
                    throw new IllegalStateException("the change failed after its event was appended");
                })));

        // Then
        assertThrows(IllegalStateException.class, () -> rolledBack.await().atMost(WAIT));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE tenant_id = $1", tenant.value()));
    }

    @Test
    void refusesASessionWithoutATransaction() {
        // When
        Uni<UUID> outside = onVertxContext(() -> Panache.withSession(() -> Panache.getSession()
                .chain(session -> outbox.append(session, EventType.CALENDAR_SYNCED, tenant, new Probe("loose")))));

        // Then
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> outside.await().atMost(WAIT));
        assertEquals("An outbox event must be written in the transaction of the change it reports", refused.getMessage());
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE tenant_id = $1", tenant.value()));
    }

    @Test
    void refusesAPayloadThatIsNotAJsonObject() {
        // When
        Uni<UUID> notAnObject = onVertxContext(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> outbox.append(session, EventType.CALENDAR_SYNCED, tenant, "just text"))));

        // Then
        assertInstanceOf(IllegalArgumentException.class, assertThrows(RuntimeException.class,
                () -> notAnObject.await().atMost(WAIT)));
    }

    /** Runs {@code work} on a fresh safe duplicated Vert.x context, where Hibernate Reactive keeps its session. */
    private <T> Uni<T> onVertxContext(Supplier<Uni<T>> work) {
        return Uni.createFrom().completionStage(() -> {
            CompletableFuture<T> result = new CompletableFuture<>();
            Context context = VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> work.get().subscribe().with(result::complete, result::completeExceptionally));
            return result;
        });
    }

    private long count(String sql, Object... parameters) {
        return pool.preparedQuery(sql).execute(Tuple.from(parameters)).await().atMost(WAIT).iterator().next().getLong(0);
    }
}
