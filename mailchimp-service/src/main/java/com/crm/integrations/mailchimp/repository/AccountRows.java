package com.crm.integrations.mailchimp.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Mailchimp accounts held back after a 429 ({@code mailchimp_account}): the wait doubles with each 429 that comes while
 * the account is still held back or within a minute of it, and starts again from {@code first} after a quiet spell.
 */
@ApplicationScoped
public class AccountRows {

    private static final String THROTTLE = """
            INSERT INTO mailchimp_account (account_key, throttled_until, throttles)
            VALUES ($1, $2 + $3 * interval '1 millisecond', 1)
            ON CONFLICT (account_key) DO UPDATE SET
              throttles = CASE WHEN mailchimp_account.throttled_until > $2 - interval '1 minute'
                               THEN mailchimp_account.throttles + 1 ELSE 1 END,
              throttled_until = $2 + LEAST($4, $3 * power(2, LEAST(
                  CASE WHEN mailchimp_account.throttled_until > $2 - interval '1 minute' THEN mailchimp_account.throttles ELSE 0 END,
                  20))) * interval '1 millisecond'
            RETURNING throttled_until""";

    private final Pool pool;

    public AccountRows(Pool pool) {
        this.pool = pool;
    }

    /** Holds the account back after a 429; when its calls may go on. */
    public Uni<Instant> throttle(String accountKey, Instant now, Duration first, Duration max) {
        return pool.preparedQuery(THROTTLE)
                .execute(Tuple.of(accountKey, now.atOffset(ZoneOffset.UTC), first.toMillis(), max.toMillis()))
                .map(rows -> rows.iterator().next().getOffsetDateTime(0).toInstant());
    }
}
