package com.crm.integrations.calendar.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Runs a lease-taking statement: {@code $1} owner, {@code $2} lease in ms, {@code $3} limit, {@code $4} now; returns ids. */
final class LeaseClaims {

    private LeaseClaims() {
    }

    static Uni<List<UUID>> claim(Pool pool, String statement, String owner, Duration lease, int limit, Instant now) {
        return claim(pool, statement, Tuple.of(owner, lease.toMillis(), limit, now.atOffset(ZoneOffset.UTC)));
    }

    /** The same, with one more parameter, {@code $5}. */
    static Uni<List<UUID>> claim(Pool pool, String statement, String owner, Duration lease, int limit, Instant now, Object fifth) {
        return claim(pool, statement, Tuple.of(owner, lease.toMillis(), limit, now.atOffset(ZoneOffset.UTC), fifth));
    }

    private static Uni<List<UUID>> claim(Pool pool, String statement, Tuple parameters) {
        return pool.preparedQuery(statement).execute(parameters)
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID(0)));
                    return ids;
                });
    }
}
