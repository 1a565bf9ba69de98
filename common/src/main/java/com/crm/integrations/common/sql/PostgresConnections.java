package com.crm.integrations.common.sql;

import io.vertx.pgclient.PgConnectOptions;

/** Connections of our own, opened beside the application's pool: where the pool goes, with its credentials. */
public final class PostgresConnections {

    private PostgresConnections() {
    }

    /** The options of a connection to the service's database ({@code search_path} left to the caller). */
    public static PgConnectOptions options(PostgresConfig postgres) {
        PgConnectOptions options = new PgConnectOptions().setHost(postgres.host()).setPort(postgres.port())
                .setDatabase(postgres.database()).setUser(postgres.username());
        postgres.password().ifPresent(options::setPassword);
        return options;
    }
}
