package com.crm.integrations.status.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The siblings' marks ({@code status_source}): a row whose {@code stale_since} is set makes the cards built from that
 * sibling's facts stale. Every replica writes its own decisions; the statements are idempotent, keep the earliest
 * {@code stale_since} of a stale period, and tell whether the row flipped (stale to fresh or back), so that only the
 * replica whose write flipped it logs the change.
 */
@ApplicationScoped
public class SourceRows {

    static final String ENSURE = "INSERT INTO status_source (source, checked_at) VALUES ($1, $2) ON CONFLICT (source) DO NOTHING";
    /** Turns a fresh row stale; no row when it already was. */
    static final String TURN_STALE = """
            UPDATE status_source SET stale_since = $2, reason = $3, checked_at = $4 WHERE source = $1 AND stale_since IS NULL
            """;
    /** A row that already was stale keeps its {@code stale_since}; its reason says what fails now. */
    static final String STILL_STALE = "UPDATE status_source SET reason = $2, checked_at = $3 WHERE source = $1";
    /** Turns a stale row fresh; no row when it already was. */
    static final String TURN_FRESH = """
            UPDATE status_source SET stale_since = NULL, reason = NULL, checked_at = $2 WHERE source = $1 AND stale_since IS NOT NULL
            """;
    static final String CHECKED = """
            INSERT INTO status_source (source, checked_at) VALUES ($1, $2)
            ON CONFLICT (source) DO UPDATE SET checked_at = EXCLUDED.checked_at
            """;

    /**
     * Marks {@code source} stale since {@code since} (or since it already was), in {@code tx}.
     *
     * @return whether it was fresh before
     */
    public Uni<Boolean> stale(SqlConnection tx, String source, Instant since, String reason, Instant now) {
        return tx.preparedQuery(ENSURE).execute(Tuple.of(source, at(now)))
                .chain(() -> tx.preparedQuery(TURN_STALE).execute(Tuple.of(source, at(since), reason, at(now))))
                .chain(turned -> turned.rowCount() == 1 ? Uni.createFrom().item(true)
                        : tx.preparedQuery(STILL_STALE).execute(Tuple.of(source, reason, at(now))).replaceWith(false));
    }

    /**
     * Clears {@code source}'s mark, in {@code tx}.
     *
     * @return whether it was stale before
     */
    public Uni<Boolean> fresh(SqlConnection tx, String source, Instant now) {
        return tx.preparedQuery(TURN_FRESH).execute(Tuple.of(source, at(now)))
                .chain(turned -> turned.rowCount() == 1 ? Uni.createFrom().item(true)
                        : checked(tx, source, now).replaceWith(false));
    }

    /** Notes that {@code source} was checked, leaving its mark as it is, in {@code tx}. */
    public Uni<Void> checked(SqlConnection tx, String source, Instant now) {
        return tx.preparedQuery(CHECKED).execute(Tuple.of(source, at(now))).replaceWithVoid();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
