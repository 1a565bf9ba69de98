package com.crm.integrations.common.sql;

import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * A transaction on a connection the caller already holds. {@code Pool.withTransaction} acquires
 * the connection itself; the relay and the consumers need the connection first (to tell "the
 * database is unreachable" from "this work failed") and then the transaction.
 */
public final class Transactions {

    private Transactions() {
    }

    /** Runs {@code work} in a transaction on {@code connection}: commits on success, rolls back on failure. */
    public static <T> Uni<T> inTransaction(SqlConnection connection, Function<SqlConnection, Uni<T>> work) {
        return connection.begin().chain(tx -> Uni.createFrom().deferred(() -> work.apply(connection))
                .call(tx::commit)
                .onFailure().call(() -> tx.rollback().onFailure().recoverWithNull()));
    }
}
