package com.crm.integrations.status.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.IntegrationInfrastructure;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The marks every replica writes: a stale period keeps the first {@code stale_since} whoever writes after, and each flip
 * is reported to exactly one writer (so exactly one change is logged). A source name of the test's own, which no round
 * touches.
 */
@QuarkusTest
@WithTestResource(IntegrationInfrastructure.class)
class SourceRowsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Inject
    SourceRows rows;

    @Inject
    Pool pool;

    private final String source = "test-" + UUID.randomUUID();

    @AfterEach
    void forget() {
        pool.preparedQuery("DELETE FROM status_source WHERE source = $1").execute(Tuple.of(source)).await().atMost(WAIT);
    }

    @Test
    void aStalePeriodKeepsItsFirstSinceAndFlipsOnce() {
        // Given
        assertTrue(stale(T0, "not ready"), "fresh (no row) to stale: a flip");

        // When
        boolean flipped = stale(T0.plusSeconds(5), "cannot reach Kafka");

        // Then
        assertFalse(flipped, "another replica's later view of the same period");
        Row row = row();
        assertEquals(T0, row.getOffsetDateTime("stale_since").toInstant());
        assertEquals("cannot reach Kafka", row.getString("reason"), "the reason says what fails now");
    }

    @Test
    void freshFlipsOnceAndClearsTheMark() {
        // Given
        stale(T0, "not ready");
        assertTrue(fresh(), "stale to fresh: a flip");

        // When
        boolean again = fresh();

        // Then
        assertFalse(again);
        assertNull(row().getValue("stale_since"));
        assertNull(row().getValue("reason"));
        assertTrue(stale(T0.plusSeconds(60), "not ready"), "a new stale period starts with its own since");
        assertEquals(T0.plusSeconds(60), row().getOffsetDateTime("stale_since").toInstant());
    }

    @Test
    void checkingLeavesTheMarkAsItIs() {
        // Given
        stale(T0, "not ready");

        // When
        pool.withTransaction(tx -> rows.checked(tx, source, T0.plusSeconds(9))).await().atMost(WAIT);

        // Then
        assertEquals(T0, row().getOffsetDateTime("stale_since").toInstant());
        assertEquals(T0.plusSeconds(9), row().getOffsetDateTime("checked_at").toInstant());
    }

    private boolean stale(Instant since, String reason) {
        return pool.withTransaction(tx -> rows.stale(tx, source, since, reason, since)).await().atMost(WAIT);
    }

    private boolean fresh() {
        return pool.withTransaction(tx -> rows.fresh(tx, source, Instant.now())).await().atMost(WAIT);
    }

    private Row row() {
        return pool.preparedQuery("SELECT * FROM status_source WHERE source = $1").execute(Tuple.of(source)).await().atMost(WAIT)
                .iterator().next();
    }
}
