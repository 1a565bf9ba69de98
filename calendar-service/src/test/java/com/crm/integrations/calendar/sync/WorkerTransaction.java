package com.crm.integrations.calendar.sync;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A sync worker's transaction on one link, held open by a test: it takes the link's row first, as the worker's lease
 * renewal does, and then writes the link's run when the test says. Its lease (one minute) keeps the service's own worker
 * off the link meanwhile.
 */
public final class WorkerTransaction implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Pool pool;
    private final SqlConnection connection;
    private final Transaction transaction;
    private final int backend;

    private WorkerTransaction(Pool pool, SqlConnection connection, Transaction transaction, int backend) {
        this.pool = pool;
        this.connection = connection;
        this.transaction = transaction;
        this.backend = backend;
    }

    /** Begins the transaction and renews the worker's lease on {@code linkId}, which locks the link's row. */
    public static WorkerTransaction holding(Pool pool, UUID linkId) {
        SqlConnection connection = pool.getConnection().await().atMost(WAIT);
        Transaction transaction = connection.begin().await().atMost(WAIT);
        int backend = connection.query("SELECT pg_backend_pid()").execute().await().atMost(WAIT).iterator().next().getInteger(0);
        connection.preparedQuery("UPDATE calendar_link SET lease_owner = 'test-worker', lease_until = now() + interval '1 minute'"
                + " WHERE id = $1").execute(Tuple.of(linkId)).await().atMost(WAIT);
        return new WorkerTransaction(pool, connection, transaction, backend);
    }

    /** Waits until another session waits for a lock this transaction holds. */
    public void awaitSomeoneWaiting() {
        await().atMost(WAIT).until(() -> pool.preparedQuery("SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))")
                .execute(Tuple.of(backend)).await().atMost(WAIT).iterator().next().getLong(0) > 0);
    }

    /** Starts an incremental run of the link over its baseline, as the worker does when it finds none; answers its id. */
    public UUID startRun(UUID linkId) {
        UUID run = UUID.randomUUID();
        connection.preparedQuery("INSERT INTO sync_run (id, link_id, tenant_id, kind, reason, state, window_from, window_until)"
                + " SELECT $1, id, tenant_id, 'incremental', 'scheduled', 'running', baseline_from, baseline_until"
                + " FROM calendar_link WHERE id = $2").execute(Tuple.of(run, linkId)).await().atMost(WAIT);
        return run;
    }

    /** Stores the run's progress after a page, as each page's transaction does. */
    public void writePage(UUID runId) {
        connection.preparedQuery("UPDATE sync_run SET pages = pages + 1, page_cursor = 'page-' || (pages + 1) WHERE id = $1")
                .execute(Tuple.of(runId)).await().atMost(WAIT);
    }

    public void commit() {
        transaction.commit().await().atMost(WAIT);
    }

    @Override
    public void close() {
        connection.close().await().atMost(WAIT);
    }
}
