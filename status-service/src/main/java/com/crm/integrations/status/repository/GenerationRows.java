package com.crm.integrations.status.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.problem.ConflictException;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/** The projection's generations ({@code projection_generation}): the live one, a rebuild's, the ones replaced. */
@ApplicationScoped
public class GenerationRows {

    private static final String COLUMNS = """
            generation, state, started_at, requested_by, lease_owner, lease_until, end_offsets, replayed, switched_at,
            retired_at, detail""";
    static final String CREATE = """
            INSERT INTO projection_generation (generation, state, requested_by)
            SELECT max(generation) + 1, 'building', $1 FROM projection_generation
            RETURNING %s""".formatted(COLUMNS);
    static final String CLAIM = """
            UPDATE projection_generation SET lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond'
            WHERE state = 'building' AND (lease_owner IS NULL OR lease_owner = $1 OR lease_until < now())
            RETURNING %s""".formatted(COLUMNS);
    static final String RENEW = """
            UPDATE projection_generation SET lease_until = now() + $3 * interval '1 millisecond', replayed = replayed + $4,
                end_offsets = coalesce(end_offsets, $5)
            WHERE generation = $1 AND lease_owner = $2 AND state = 'building'""";
    static final String RETIRE_LIVE = "UPDATE projection_generation SET state = 'retired', retired_at = now() WHERE state = 'live'";
    static final String GO_LIVE = """
            UPDATE projection_generation SET state = 'live', switched_at = now(), lease_owner = NULL, lease_until = NULL
            WHERE generation = $1 AND lease_owner = $2 AND state = 'building'""";
    static final String FAIL = """
            UPDATE projection_generation SET state = 'failed', retired_at = now(), detail = $3, lease_owner = NULL, lease_until = NULL
            WHERE generation = $1 AND lease_owner = $2 AND state = 'building'""";
    static final String LIST = "SELECT %s FROM projection_generation ORDER BY generation DESC LIMIT 50".formatted(COLUMNS);
    static final String FIND = "SELECT %s FROM projection_generation WHERE generation = $1".formatted(COLUMNS);
    static final String TO_PURGE = """
            SELECT generation FROM projection_generation
            WHERE state IN ('retired', 'failed') AND retired_at < $1 AND (detail IS NULL OR detail NOT LIKE 'purged%')""";
    /** The tables with a row per generation; a purge empties each for the generation ($1), a batch ($2) at a time. */
    private static final List<String> TABLES = List.of("status_connection", "status_calendar_link", "status_audience", "status_tenant");
    static final String MARK_PURGED = """
            UPDATE projection_generation SET detail = 'purged' || coalesce(': ' || detail, '') WHERE generation = $1""";

    private final Pool pool;

    public GenerationRows(Pool pool) {
        this.pool = pool;
    }

    /** A generation: the live one, one being built, or one replaced or abandoned. */
    public record Generation(int generation, String state, Instant startedAt, String requestedBy, String leaseOwner,
            Instant leaseUntil, JsonObject endOffsets, long replayed, Instant switchedAt, Instant retiredAt, String detail) {

        /** The name its rebuild reads the topics under (consumer group) and remembers processed events by. */
        public String consumer() {
            return "status-service.rebuild.g" + generation;
        }
    }

    /**
     * Starts a new generation, being built.
     *
     * @throws ConflictException when one is being built already
     */
    public Uni<Generation> create(String requestedBy) {
        return pool.preparedQuery(CREATE).execute(Tuple.of(requestedBy)).map(rows -> one(rows).orElseThrow())
                .onFailure(PgException.class).transform(failure -> "23505".equals(((PgException) failure).getSqlState())
                        ? new ConflictException("A rebuild of the status projection is running already: wait for it to finish")
                        : failure);
    }

    /** Takes (or keeps) the lease of the generation being built, if it is free. */
    public Uni<Optional<Generation>> claim(String owner, Duration lease) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(owner, lease.toMillis())).map(GenerationRows::one);
    }

    /** Renews the lease, adds to what was replayed and records the end offsets once; false when the lease was lost. */
    public Uni<Boolean> renew(int generation, String owner, Duration lease, long replayed, JsonObject endOffsets) {
        return pool.preparedQuery(RENEW).execute(Tuple.of(generation, owner, lease.toMillis(), replayed, endOffsets))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Makes the generation live and retires the one it replaces, with a change of every card; false when the lease was lost. */
    public Uni<Boolean> switchTo(int generation, String owner, ChangeRows changes) {
        return pool.withTransaction(tx -> tx.query(RETIRE_LIVE).execute()
                .chain(() -> tx.preparedQuery(GO_LIVE).execute(Tuple.of(generation, owner)))
                .chain(live -> live.rowCount() == 1 ? changes.everyTenant(tx).replaceWith(true)
                        : Uni.createFrom().failure(new LostLease(generation))))
                .onFailure(LostLease.class).recoverWithItem(false);
    }

    /** Abandons the generation being built. */
    public Uni<Void> fail(int generation, String owner, String detail) {
        return pool.preparedQuery(FAIL).execute(Tuple.of(generation, owner, detail)).replaceWithVoid();
    }

    public Uni<List<Generation>> list() {
        return pool.query(LIST).execute().map(rows -> {
            List<Generation> all = new ArrayList<>();
            rows.forEach(row -> all.add(generation(row)));
            return all;
        });
    }

    public Uni<Optional<Generation>> find(int generation) {
        return pool.preparedQuery(FIND).execute(Tuple.of(generation)).map(GenerationRows::one);
    }

    /** Deletes the rows of generations replaced or abandoned before {@code cutoff}; how many generations were purged. */
    public Uni<Integer> purgeBefore(Instant cutoff, int batch) {
        return pool.preparedQuery(TO_PURGE).execute(Tuple.of(cutoff.atOffset(java.time.ZoneOffset.UTC))).chain(rows -> {
            List<Integer> generations = new ArrayList<>();
            rows.forEach(row -> generations.add(row.getInteger(0)));
            Uni<Void> purged = Uni.createFrom().voidItem();
            for (int generation : generations) {
                for (String table : TABLES) {
                    purged = purged.chain(() -> deleteAll(table, generation, batch));
                }
                purged = purged.chain(() -> pool.preparedQuery(MARK_PURGED).execute(Tuple.of(generation)).replaceWithVoid());
            }
            return purged.replaceWith(generations.size());
        });
    }

    private Uni<Void> deleteAll(String table, int generation, int batch) {
        String delete = "DELETE FROM " + table + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + table
                + " WHERE generation = $1 LIMIT $2))";
        return pool.preparedQuery(delete).execute(Tuple.of(generation, batch))
                .chain(deleted -> deleted.rowCount() < batch ? Uni.createFrom().voidItem() : deleteAll(table, generation, batch));
    }

    private static Optional<Generation> one(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(generation(iterator.next())) : Optional.empty();
    }

    private static Generation generation(Row row) {
        Object offsets = row.getValue("end_offsets");
        return new Generation(row.getInteger("generation"), row.getString("state"), instant(row, "started_at"),
                row.getString("requested_by"), row.getString("lease_owner"), instant(row, "lease_until"),
                offsets instanceof JsonObject json ? json : null, row.getLong("replayed"), instant(row, "switched_at"),
                instant(row, "retired_at"), row.getString("detail"));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static final class LostLease extends RuntimeException {
        LostLease(int generation) {
            super("The lease of generation " + generation + " was lost", null, false, false);
        }
    }
}
