package com.crm.integrations.mailchimp.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Mailchimp accounts held back after a 429 ({@code mailchimp_account}). A 429 that comes while the account is held back
 * already belongs to the same burst (calls that were in flight) and changes nothing; one after the wait ended doubles
 * the next wait ({@code throttles}: bursts since the account's last successful call), up to {@code max}. A successful
 * call ends it ({@link #cleared}).
 */
@ApplicationScoped
public class AccountRows {

    private static final String THROTTLE = """
            INSERT INTO mailchimp_account (account_key, throttled_until, throttles)
            VALUES ($1, $2 + $3 * interval '1 millisecond', 1)
            ON CONFLICT (account_key) DO UPDATE SET
              throttles = CASE WHEN mailchimp_account.throttled_until > $2 THEN mailchimp_account.throttles
                               ELSE mailchimp_account.throttles + 1 END,
              throttled_until = CASE WHEN mailchimp_account.throttled_until > $2 THEN mailchimp_account.throttled_until
                                     ELSE $2 + LEAST($4, $3 * power(2, LEAST(mailchimp_account.throttles, 20))) * interval '1 millisecond'
                                END
            RETURNING throttled_until""";
    private static final String CLEAR = "DELETE FROM mailchimp_account WHERE account_key = $1";

    private final Pool pool;

    public AccountRows(Pool pool) {
        this.pool = pool;
    }

    /** The account's call succeeded: it is held back no more, and its next 429 waits the first wait again. */
    public Uni<Void> cleared(String accountKey) {
        return pool.preparedQuery(CLEAR).execute(Tuple.of(accountKey)).replaceWithVoid();
    }

    /** Holds the account back after a 429; when its calls may go on. */
    public Uni<Instant> throttle(String accountKey, Instant now, Duration first, Duration max) {
        return pool.preparedQuery(THROTTLE)
                .execute(Tuple.of(accountKey, now.atOffset(ZoneOffset.UTC), first.toMillis(), max.toMillis()))
                .map(rows -> rows.iterator().next().getOffsetDateTime(0).toInstant());
    }
}
