package com.crm.integrations.calendar.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What the benchmark sees of a connection's link from outside, polled from calendar-service's tables every
 * {@value #POLL_MS} ms on a thread of its own: the link's row appearing, its lease taken and given back, and
 * its newest sync run's state and page count. Each change is kept with the test JVM's wall clock (which is
 * also the app's, and the sandbox's on this machine), so a run's pages can be laid next to the stand-in's
 * request log: a page's transaction is seen committed when {@code sync_run.pages} reaches its number.
 */
final class RunWatch implements AutoCloseable {

    static final int POLL_MS = 5;

    private static final String QUERY = """
            SELECT l.id, l.created_at, l.lease_owner IS NOT NULL AS leased, r.id AS run_id, r.state, r.pages
              FROM calendar_link l
              LEFT JOIN LATERAL (SELECT id, state, pages FROM sync_run WHERE link_id = l.id ORDER BY started_at DESC LIMIT 1) r
                ON true
             WHERE l.connection_id = $1""";

    /** One state of the link as polled, from {@code at} (epoch ms) on. */
    record Seen(long at, UUID linkId, Instant linkCreated, boolean leased, UUID runId, String state, int pages) {

        boolean sameAs(Seen other) {
            return other != null && Objects.equals(linkId, other.linkId) && leased == other.leased
                    && Objects.equals(runId, other.runId) && Objects.equals(state, other.state) && pages == other.pages;
        }
    }

    private final Pool pool;
    private final String connectionId;
    private final List<Seen> seen = new ArrayList<>();
    private final Thread poller;
    private volatile boolean stopped;
    private volatile RuntimeException failure;
    private long polls;

    private RunWatch(Pool pool, String connectionId) {
        this.pool = pool;
        this.connectionId = connectionId;
        this.poller = new Thread(this::poll, "calendar-bench-watch");
        this.poller.setDaemon(true);
    }

    /** Starts watching the link of the connection {@code connectionId} (it need not exist yet). */
    static RunWatch of(Pool pool, String connectionId) {
        RunWatch watch = new RunWatch(pool, connectionId);
        watch.poller.start();
        return watch;
    }

    private void poll() {
        Seen last = null;
        while (!stopped) {
            try {
                RowSet<Row> rows = pool.preparedQuery(QUERY).execute(Tuple.of(connectionId)).await().atMost(Duration.ofSeconds(30));
                long at = System.currentTimeMillis();
                var iterator = rows.iterator();
                if (iterator.hasNext()) {
                    Row row = iterator.next();
                    Integer pages = row.getInteger("pages");
                    Seen now = new Seen(at, row.getUUID("id"), row.getOffsetDateTime("created_at").toInstant(), row.getBoolean("leased"),
                            row.getUUID("run_id"), row.getString("state"), pages == null ? 0 : pages);
                    synchronized (seen) {
                        polls++;
                        if (!now.sameAs(last)) {
                            seen.add(now);
                            last = now;
                        }
                    }
                }
            } catch (RuntimeException e) {
                failure = e;
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MS));
        }
    }

    /** Waits until a polled state passes {@code test}; answers the first that did. */
    Seen await(Predicate<Seen> test, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Seen> found = first(test, 0);
            if (found.isPresent()) {
                return found.get();
            }
            if (failure != null) {
                throw new IllegalStateException("Polling the link failed", failure);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Not seen within " + timeout + "; last states: " + tail());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MS));
        }
    }

    /** The first state at or after {@code since} (epoch ms) that passes {@code test}. */
    Optional<Seen> first(Predicate<Seen> test, long since) {
        synchronized (seen) {
            return seen.stream().filter(state -> state.at() >= since).filter(test).findFirst();
        }
    }

    /**
     * When each page of run {@code runId} was first seen committed: element {@code k - 1} is the epoch ms at
     * which {@code sync_run.pages} was first seen at {@code k} or more ({@code -1} when never).
     */
    long[] commits(UUID runId, int pages) {
        long[] at = new long[pages];
        java.util.Arrays.fill(at, -1);
        synchronized (seen) {
            for (Seen state : seen) {
                if (runId.equals(state.runId())) {
                    for (int k = 1; k <= Math.min(pages, state.pages()); k++) {
                        if (at[k - 1] < 0) {
                            at[k - 1] = state.at();
                        }
                    }
                }
            }
        }
        return at;
    }

    long polls() {
        synchronized (seen) {
            return polls;
        }
    }

    private String tail() {
        synchronized (seen) {
            return seen.subList(Math.max(0, seen.size() - 5), seen.size()).toString();
        }
    }

    @Override
    public void close() {
        stopped = true;
        try {
            poller.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
