package com.crm.integrations.testing.support;

import java.nio.file.Path;

/**
 * What a launcher hands out for an app it started as an {@link AppProcess}: where it answers, what it logged, its process,
 * and {@link #close()} to stop it. The sandbox's and the services' launchers build on it.
 */
public abstract class ChildApp implements AutoCloseable {

    private final AppProcess app;

    protected ChildApp(AppProcess app) {
        this.app = app;
    }

    public int port() {
        return app.port();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return app.baseUrl();
    }

    /** Everything it logged: kept after {@link #close()} when it lies outside its test directory (a module's {@code target/}). */
    public Path logFile() {
        return app.logFile();
    }

    public ProcessHandle process() {
        return app.process();
    }

    /** Stops it (SIGTERM, SIGKILL after 10 s) and deletes its test directory. */
    @Override
    public void close() {
        app.close();
    }

    @Override
    public String toString() {
        return app.toString();
    }
}
