package com.crm.integrations.common.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.common.problem.PreconditionFailedException;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.testing.IntegrationInfrastructure;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** Settings saved in the caller's transaction commit with what the caller writes beside them (its outbox event), or not at all. */
@QuarkusTest
@WithTestResource(value = IntegrationInfrastructure.class, initArgs = @ResourceArg(name = "sandbox", value = "false"))
class TenantSettingsStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Limits DEFAULTS = new Limits(10, "daily");

    record Limits(int perMinute, String digest) {
    }

    @Inject
    Pool pool;
    @Inject
    TenantSettingsStore store;

    @Test
    void savesOnTheCallersConnectionUncommittedUntilItsTransactionCommits() {
        // Given
        TenantId tenant = newTenant();
        // When: read from another connection between the save and the commit
        Versioned<Limits> seenBeforeCommit = pool.withTransaction(tx -> store.save(tx, tenant, new Limits(20, "weekly"), "admin-1",
                new IfMatch.Absent()).chain(() -> find(tenant))).await().atMost(WAIT);
        // Then
        assertEquals(0, seenBeforeCommit.version());
        Versioned<Limits> afterCommit = find(tenant).await().atMost(WAIT);
        assertEquals(1, afterCommit.version());
        assertEquals(new Limits(20, "weekly"), afterCommit.value());
    }

    @Test
    void aRolledBackTransactionTakesTheSaveWithIt() {
        // Given
        TenantId tenant = newTenant();
        // When: the caller's next write fails
        assertThrows(IllegalStateException.class, () -> pool.withTransaction(tx -> store.save(tx, tenant, new Limits(20, "weekly"),
                "admin-1", new IfMatch.Absent())
                .chain(() -> Uni.createFrom().failure(new IllegalStateException("the outbox append failed"))))
                .await().atMost(WAIT));
        // Then
        assertEquals(DEFAULTS, find(tenant).await().atMost(WAIT).value());
        assertEquals(0, find(tenant).await().atMost(WAIT).version());
    }

    @Test
    void aStaleIfMatchFailsTheCallersTransactionBeforeItsNextWrite() {
        // Given
        TenantId tenant = newTenant();
        store.save(tenant, new Limits(20, "weekly"), "admin-1", new IfMatch.Absent()).await().atMost(WAIT);
        boolean[] nextWriteRan = { false };
        // When
        assertThrows(PreconditionFailedException.class, () -> pool.withTransaction(tx -> store.save(tx, tenant,
                new Limits(30, "never"), "admin-2", new IfMatch.Version(7))
                .invoke(() -> nextWriteRan[0] = true)).await().atMost(WAIT));
        // Then
        assertEquals(false, nextWriteRan[0]);
        Versioned<Limits> current = find(tenant).await().atMost(WAIT);
        assertEquals(1, current.version());
        assertEquals(new Limits(20, "weekly"), current.value());
    }

    @Test
    void savesWithTheCurrentVersionInTheCallersTransaction() {
        // Given
        TenantId tenant = newTenant();
        store.save(tenant, new Limits(20, "weekly"), "admin-1", new IfMatch.Absent()).await().atMost(WAIT);
        // When
        Versioned<Limits> saved = pool.withTransaction(tx -> store.save(tx, tenant, new Limits(30, "never"), "admin-2",
                new IfMatch.Version(1))).await().atMost(WAIT);
        // Then
        assertEquals(2, saved.version());
        assertEquals(new Limits(30, "never"), find(tenant).await().atMost(WAIT).value());
    }

    @Test
    void refusesAConnectionOutsideATransaction() {
        // Given
        TenantId tenant = newTenant();
        // When
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> pool.withConnection(connection -> store.save(
                connection, tenant, new Limits(20, "weekly"), "admin-1", new IfMatch.Absent())).await().atMost(WAIT));
        // Then
        assertTrue(refused.getMessage().contains("transaction"), refused.getMessage());
        assertEquals(0, find(tenant).await().atMost(WAIT).version());
    }

    private Uni<Versioned<Limits>> find(TenantId tenant) {
        return store.find(tenant, Limits.class, DEFAULTS);
    }

    private static TenantId newTenant() {
        return new TenantId("t-" + UUID.randomUUID());
    }
}
