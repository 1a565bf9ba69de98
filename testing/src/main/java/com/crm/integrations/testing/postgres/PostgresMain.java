package com.crm.integrations.testing.postgres;

import com.crm.integrations.testing.support.MainArguments;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A persistent PostgreSQL cluster for the local run.
 *
 * <pre>
 * PostgresMain start  --data-dir DIR [--port 15432] [--max-connections 100]
 *                                                     (both default to the cluster's current ones, 15432 and 100 for
 *                                                      a new one) initdb if new, start detached, create database
 *                                                      'integrations' if missing; returns when it accepts
 *                                                      connections; no-op when already running (with at least that
 *                                                      many connections)
 * PostgresMain stop   --data-dir DIR                   fast shutdown; no-op when stopped
 * PostgresMain status --data-dir DIR                   exit 0 when running, 3 when stopped, 4 when no cluster
 * </pre>
 * Exit code 2 for bad arguments, 1 for failures.
 */
public final class PostgresMain {

    static final int DEFAULT_PORT = 15432;

    private PostgresMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        MainArguments arguments;
        Path dir;
        try {
            arguments = MainArguments.parse(args);
            dir = arguments.path("data-dir");
        } catch (IllegalArgumentException e) {
            System.err.println("PostgresMain: " + e.getMessage());
            System.err.println("usage: PostgresMain start --data-dir DIR [--port " + DEFAULT_PORT + "] [--max-connections "
                    + PostgresCluster.DEFAULT_MAX_CONNECTIONS + "] | stop --data-dir DIR | status --data-dir DIR");
            return 2;
        }
        try {
            switch (arguments.command()) {
                case "start" -> {
                    long started = System.nanoTime();
                    // Without --port (--max-connections), an existing cluster keeps its port (its limit).
                    int port = arguments.port("port", hasCluster(dir) ? PostgresCluster.port(dir) : DEFAULT_PORT);
                    int maxConnections = arguments.positiveInt("max-connections",
                            hasCluster(dir) ? PostgresCluster.maxConnections(dir) : PostgresCluster.DEFAULT_MAX_CONNECTIONS);
                    PostgresCluster cluster = PostgresCluster.startPersistent(dir, port, maxConnections);
                    System.out.printf("PostgreSQL ready on %s:%d (database %s, user %s) in %s [%d ms]%n", PostgresCluster.HOST,
                            cluster.port(), PostgresCluster.DATABASE, PostgresCluster.USERNAME, cluster.dir(),
                            (System.nanoTime() - started) / 1_000_000);
                    return 0;
                }
                case "stop" -> {
                    if (!hasCluster(dir)) {
                        System.out.println("No PostgreSQL cluster in " + dir);
                        return 0;
                    }
                    PostgresCluster.stop(dir);
                    System.out.println("PostgreSQL stopped (" + dir + ")");
                    return 0;
                }
                case "status" -> {
                    if (!hasCluster(dir)) {
                        System.out.println("No PostgreSQL cluster in " + dir);
                        return 4;
                    }
                    boolean running = PostgresCluster.isRunning(dir);
                    System.out.printf("PostgreSQL %s on %s:%d (%s)%n", running ? "running" : "stopped",
                            PostgresCluster.HOST, PostgresCluster.port(dir), dir);
                    return running ? 0 : 3;
                }
                default -> {
                    System.err.println("PostgresMain: unknown command " + arguments.command() + " (start, stop, status)");
                    return 2;
                }
            }
        } catch (RuntimeException e) {
            System.err.println("PostgresMain " + arguments.command() + " failed: " + e.getMessage());
            return 1;
        }
    }

    private static boolean hasCluster(Path dir) {
        return Files.isRegularFile(dir.resolve(PostgresCluster.CLUSTER_FILE));
    }
}
