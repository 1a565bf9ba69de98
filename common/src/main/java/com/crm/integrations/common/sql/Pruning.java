package com.crm.integrations.common.sql;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Deleting old rows a small batch per statement (each its own short transaction), so pruning a
 * large backlog never holds long locks or a long transaction.
 */
public final class Pruning {

    private Pruning() {
    }

    /**
     * Runs {@code delete} (parameters: {@code $1} the cutoff, {@code $2} the batch size; it deletes
     * at most a batch) until a statement deletes fewer than a batch.
     *
     * @return how many rows were deleted
     */
    public static Uni<Long> inBatches(Pool pool, String delete, Instant cutoff, int batch) {
        return from(pool, delete, cutoff.atOffset(ZoneOffset.UTC), batch, 0L);
    }

    private static Uni<Long> from(Pool pool, String delete, OffsetDateTime cutoff, int batch, long deletedSoFar) {
        return pool.preparedQuery(delete).execute(Tuple.of(cutoff, batch)).chain(deleted -> {
            long total = deletedSoFar + deleted.rowCount();
            return deleted.rowCount() < batch ? Uni.createFrom().item(total) : from(pool, delete, cutoff, batch, total);
        });
    }

    /** How a table is pruned: a configuration group shared by the outbox and the consumers. */
    public interface Settings {

        /** How long rows are kept before they are deleted. Defaults to 7 days. */
        @WithDefault("P7D")
        Duration retention();

        /** How often pruning runs. Defaults to 1 minute. */
        @WithDefault("1m")
        Duration interval();

        /** Rows deleted per statement. Defaults to 1000. */
        @WithDefault("1000")
        @Min(1)
        @Max(100_000)
        int batchSize();
    }
}
