package com.crm.integrations.calendar.service;

import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.persistence.OptimisticLockException;

import org.hibernate.StaleStateException;
import org.hibernate.exception.ConstraintViolationException;

import com.crm.integrations.common.problem.ConflictException;

import io.smallrye.mutiny.Uni;

/**
 * Transactions that write a link meet others that do (the sync worker, the connection events, the
 * user): the version column turns a lost update into a failed one, and the transaction runs again on
 * what is there now. A conflict that outlasts the retries is the caller's 409.
 */
final class Conflicts {

    static final int RETRIES = 5;

    private static final Set<String> RACES = Set.of("sync_run_one_running", "synced_event_link_id_provider_event_id_key",
            "synced_event_occurrence", "calendar_batch_tenant_id_batch_key_key");

    private Conflicts() {
    }

    /** Runs {@code transaction} (a whole {@code Panache.withTransaction}) again while it meets a concurrent write. */
    static <T> Uni<T> retried(Supplier<Uni<T>> transaction) {
        return Uni.createFrom().deferred(transaction::get)
                .onFailure(Conflicts::isConflict).retry().withBackOff(Duration.ofMillis(10), Duration.ofMillis(100)).atMost(RETRIES);
    }

    /** {@link #retried}, and a conflict that outlasts the retries as a 409 for an API caller. */
    static <T> Uni<T> retriedForCaller(Supplier<Uni<T>> transaction) {
        return retried(transaction).onFailure(Conflicts::isConflict)
                .transform(conflict -> new ConflictException("The link changed meanwhile; try again"));
    }

    static boolean isConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof OptimisticLockException || cause instanceof StaleStateException) {
                return true;
            }
            // Two requests starting the link's one running run, or a command's settling and the sync storing the same new
            // event, or one batch job stored twice at once under one key: the second finds the first's on its next try.
            if (cause instanceof ConstraintViolationException violation && RACES.contains(violation.getConstraintName())) {
                return true;
            }
        }
        return false;
    }
}
