package com.crm.integrations.testing.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.crm.integrations.testing.support.FreePorts;
import com.crm.integrations.testing.support.Jdbc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresClusterTest {

    @Test
    void concurrentlyStartedClustersAreSeparate() throws Exception {
        // Given
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<PostgresCluster> first = CompletableFuture.supplyAsync(() -> startAfter(together));
        CompletableFuture<PostgresCluster> second = CompletableFuture.supplyAsync(() -> startAfter(together));

        // When
        try (PostgresCluster a = first.get(); PostgresCluster b = second.get()) {
            Jdbc.execute(a, "CREATE TABLE only_in_a (id int)");

            // Then
            assertNotEquals(a.dir(), b.dir());
            assertNotEquals(a.port(), b.port());
            assertEquals("only_in_a", Jdbc.queryString(a, "SELECT to_regclass('only_in_a')::text"));
            assertNull(Jdbc.queryString(b, "SELECT to_regclass('only_in_a')::text"));
            assertEquals("integrations", Jdbc.queryString(b, "SELECT current_user"));
        }
    }

    @Test
    void stopAndStartByDirectoryKeepPortAndData() throws Exception {
        try (PostgresCluster cluster = PostgresCluster.startTestCluster()) {
            // Given
            Jdbc.execute(cluster, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')");
            int port = cluster.port();

            // When
            PostgresCluster.stop(cluster.dir());
            boolean reachableWhileStopped = Jdbc.canConnect(cluster);
            PostgresCluster.start(cluster.dir());

            // Then
            assertFalse(reachableWhileStopped);
            assertEquals(port, PostgresCluster.port(cluster.dir()));
            assertEquals("still here", Jdbc.queryString(cluster, "SELECT value FROM kept"));
            assertEquals("off", Jdbc.queryString(cluster, "SHOW fsync"));
            assertEquals("127.0.0.1", Jdbc.queryString(cluster, "SHOW listen_addresses"));
        }
    }

    @Test
    void aStoppedPersistentClusterStartsWithTheConnectionLimitAskedFor(@TempDir Path parent) throws Exception {
        Path dir = parent.resolve("postgres");
        int port = FreePorts.next();
        try {
            // Given
            PostgresCluster.startPersistent(dir, port, PostgresCluster.DEFAULT_MAX_CONNECTIONS);
            PostgresCluster.stop(dir);

            // When
            PostgresCluster cluster = PostgresCluster.startPersistent(dir, port, 250);

            // Then
            assertEquals("250", Jdbc.queryString(cluster, "SHOW max_connections"));
            assertEquals(250, PostgresCluster.maxConnections(dir));
            assertEquals("on", Jdbc.queryString(cluster, "SHOW fsync"));
        } finally {
            PostgresCluster.destroy(dir);
        }
    }

    @Test
    void aRunningPersistentClusterWithFewerConnectionsThanAskedIsRefused(@TempDir Path parent) throws Exception {
        Path dir = parent.resolve("postgres");
        int port = FreePorts.next();
        try {
            // Given
            PostgresCluster.startPersistent(dir, port, 120);

            // When
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> PostgresCluster.startPersistent(dir, port, 200));

            // Then
            assertTrue(refused.getMessage().endsWith("already runs with max_connections 120, fewer than 200: stop it first"),
                    refused.getMessage());
            assertEquals("120", Jdbc.queryString(PostgresCluster.at(dir), "SHOW max_connections"));
        } finally {
            PostgresCluster.destroy(dir);
        }
    }

    @Test
    void closeDeletesTheTestCluster() {
        // Given
        PostgresCluster cluster = PostgresCluster.startTestCluster();
        int port = cluster.port();

        // When
        cluster.close();

        // Then
        assertFalse(Files.exists(cluster.dir()));
        assertFalse(FreePorts.isListening(port));
    }

    @Test
    void missingBinariesNameTheDebianPackage() {
        // Given
        System.setProperty("PG_BIN", "/nonexistent/postgresql/15/bin");
        try {
            // When
            IllegalStateException failure = assertThrows(IllegalStateException.class, PostgresCluster::startTestCluster);

            // Then
            assertTrue(failure.getMessage().contains("postgresql-15"), failure.getMessage());
            assertTrue(failure.getMessage().contains("PG_BIN"), failure.getMessage());
        } finally {
            System.clearProperty("PG_BIN");
        }
    }

    private static PostgresCluster startAfter(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return PostgresCluster.startTestCluster();
    }
}
