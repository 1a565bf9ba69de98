package com.crm.integrations.testing.postgres;

import com.crm.integrations.testing.support.ChildProcesses;
import com.crm.integrations.testing.support.Commands;
import com.crm.integrations.testing.support.FileTrees;
import com.crm.integrations.testing.support.FreePorts;
import com.crm.integrations.testing.support.PostgresUser;
import com.crm.integrations.testing.support.PropertiesFiles;
import com.crm.integrations.testing.support.WorkArea;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A real PostgreSQL cluster on loopback, run from the machine's server binaries (see {@link PgBinaries}).
 *
 * <p>A cluster is a directory; everything about it can be recovered from there, so any class loader
 * (or any JVM) can stop and start it by directory with the static operations:
 * <pre>
 * DIR/cluster.properties      port, kind (test | persistent), binaries
 * DIR/data/                   PGDATA; data/crm-integrations.conf holds port, listen address, durability
 * DIR/postgres.log            the server log
 * DIR/.s.PGSQL.&lt;port&gt;          the unix socket
 * DIR/owner.properties        (test clusters) the JVM that owns the cluster
 * </pre>
 *
 * <p>Test clusters ({@link #startTestCluster()}) live in {@code <work area>/postgres/test-*}, are
 * copied from a per-machine template, run with {@code fsync=off} (unless the system property
 * {@value #DURABLE_PROPERTY} is {@code true}), and are deleted by {@link #close()} or, when their JVM
 * died without closing them, at the next start of any test cluster. Persistent clusters
 * ({@link #startPersistent(Path, int)}, for the local run) keep fsync on.
 *
 * <p>When the JVM runs as root, the server runs as the {@code postgres} user (see {@link PostgresUser}).
 * The bootstrap superuser is {@value #USERNAME} (password {@value #PASSWORD}); authentication is
 * {@code trust} on the unix socket and 127.0.0.1, and the server listens on 127.0.0.1 only: for local
 * tests and local runs, never for anything reachable from elsewhere.
 */
public final class PostgresCluster implements AutoCloseable {

    public static final String HOST = FreePorts.LOOPBACK;
    public static final String DATABASE = "integrations";
    public static final String USERNAME = "integrations";
    public static final String PASSWORD = "integrations";

    /**
     * System property: {@code true} starts test clusters with PostgreSQL's durable defaults
     * ({@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on), for benchmarks that
     * must pay for each commit's flush as production does. Defaults to {@code false}: durability off.
     */
    public static final String DURABLE_PROPERTY = "integrations.test.postgres.durable";

    /** PostgreSQL's {@code max_connections} of test clusters, and of a persistent one unless told. */
    public static final int DEFAULT_MAX_CONNECTIONS = 100;

    static final String DATA = "data";
    static final String SETTINGS_FILE = "crm-integrations.conf";
    static final String CLUSTER_FILE = "cluster.properties";
    static final String LOG_FILE = "postgres.log";
    private static final String MAX_CONNECTIONS = "max-connections";

    private static final String WORK_AREA_KIND = "postgres";
    private static final int START_TIMEOUT_SECONDS = 60;
    private static final int PORT_ATTEMPTS = 4;
    private static final Set<Path> LIVE_TEST_CLUSTERS = ConcurrentHashMap.newKeySet();

    /** Registered at the first test start, so that merely loading this class (e.g. in a Quarkus app's class loader) leaks nothing. */
    private static final AtomicBoolean CLEANUP_HOOK = new AtomicBoolean();

    private final Path dir;

    private PostgresCluster(Path dir) {
        this.dir = dir;
    }

    /**
     * Starts a new test cluster: its own directory, a free loopback port, {@code fsync=off} (durable
     * defaults instead when the system property {@value #DURABLE_PROPERTY} is {@code true}); returns
     * once it accepts connections and the {@value #DATABASE} database exists. Stale test clusters of
     * dead JVMs are removed first.
     */
    public static PostgresCluster startTestCluster() {
        boolean durable = Boolean.getBoolean(DURABLE_PROPERTY);
        PgBinaries binaries = PgBinaries.locate();
        PostgresUser.checkAvailable();
        cleanStaleTestClusters();
        Path template = PgTemplate.dataDirectory(binaries);
        Path dir = WorkArea.createTestDirectory(WORK_AREA_KIND);
        LIVE_TEST_CLUSTERS.add(dir);
        if (CLEANUP_HOOK.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE_TEST_CLUSTERS.forEach(PostgresCluster::destroyQuietly),
                    "postgres-test-clusters-cleanup"));
        }
        try {
            FileTrees.copy(template, dir.resolve(DATA));
            PostgresUser.own(dir);
            for (int attempt = 1; ; attempt++) {
                int port = FreePorts.next();
                configure(dir, binaries, port, DEFAULT_MAX_CONNECTIONS, true, durable);
                try {
                    startServer(dir, binaries);
                    return new PostgresCluster(dir);
                } catch (PortTakenException e) {
                    if (attempt == PORT_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        } catch (RuntimeException e) {
            destroyQuietly(dir);
            throw e;
        }
    }

    /**
     * Starts a persistent cluster (fsync on) in {@code dir} on {@code port}, taking up to {@code maxConnections}
     * connections: initdb when the directory is new, start detached (it outlives this JVM), create the
     * {@value #DATABASE} database if missing. Idempotent: a cluster already running there on that port, with at least
     * that many connections, is left alone; a stopped one is reconfigured to both.
     *
     * <p>As root, the server runs as {@code postgres}, which cannot enter e.g. {@code /root/...}. When
     * {@code postgres} cannot reach {@code dir}'s parent, the cluster lives in
     * {@code /var/lib/postgresql/crm-integrations/<name>-<hash>} (or the work area when that does not
     * exist) and {@code dir} becomes a symbolic link to it.
     */
    public static PostgresCluster startPersistent(Path dir, int port, int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max_connections must be positive: " + maxConnections);
        }
        PgBinaries binaries = PgBinaries.locate();
        PostgresUser.checkAvailable();
        Path real = PersistentLocation.prepare(dir);
        if (!Files.exists(real.resolve(DATA).resolve("PG_VERSION"))) {
            try {
                Initdb.run(binaries, real, real.resolve(DATA), true);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot initialise " + real, e);
            }
            configure(real, binaries, port, maxConnections, false, true);
        }
        if (isRunning(real)) {
            int running = port(real);
            if (running != port) {
                throw new IllegalStateException("The cluster in " + dir + " already runs on port " + running
                        + ", not " + port + ": stop it first");
            }
            if (maxConnections(real) < maxConnections) {
                throw new IllegalStateException("The cluster in " + dir + " already runs with max_connections "
                        + maxConnections(real) + ", fewer than " + maxConnections + ": stop it first");
            }
        } else {
            if (port(real) != port || maxConnections(real) != maxConnections) {
                configure(real, binaries, port, maxConnections, false, true);
            }
            startServer(real, binariesOf(real));
        }
        ensureDatabase(real, binariesOf(real));
        return new PostgresCluster(real);
    }

    /** The cluster in an existing directory (running or not). */
    public static PostgresCluster at(Path dir) {
        return new PostgresCluster(clusterDirectory(dir));
    }

    /** Starts the cluster in {@code dir} again, same port and data; no-op when it runs. */
    public static void start(Path dir) {
        Path real = clusterDirectory(dir);
        if (!isRunning(real)) {
            startServer(real, binariesOf(real));
        }
    }

    /** Stops the cluster in {@code dir} (fast shutdown: clients are disconnected); no-op when stopped. */
    public static void stop(Path dir) {
        stop(clusterDirectory(dir), "fast");
    }

    /** Stops the cluster in {@code dir} without a shutdown checkpoint, as a crash would (recovery runs at the next start). */
    public static void stopImmediately(Path dir) {
        stop(clusterDirectory(dir), "immediate");
    }

    public static boolean isRunning(Path dir) {
        return postmaster(clusterDirectory(dir)).isPresent();
    }

    public static int port(Path dir) {
        Path real = clusterDirectory(dir);
        return PropertiesFiles.intValue(PropertiesFiles.read(real.resolve(CLUSTER_FILE)), "port", real);
    }

    /** The cluster's {@code max_connections} ({@value #DEFAULT_MAX_CONNECTIONS} for one configured before it was recorded). */
    public static int maxConnections(Path dir) {
        Path real = clusterDirectory(dir);
        Properties cluster = PropertiesFiles.read(real.resolve(CLUSTER_FILE));
        return cluster.containsKey(MAX_CONNECTIONS) ? PropertiesFiles.intValue(cluster, MAX_CONNECTIONS, real) : DEFAULT_MAX_CONNECTIONS;
    }

    /** Stops the cluster in {@code dir} at once and deletes the directory. */
    public static void destroy(Path dir) {
        Path real = clusterDirectory(dir);
        stop(real, "immediate");
        FileTrees.deleteRecursively(real);
        LIVE_TEST_CLUSTERS.remove(real);
        if (!real.equals(dir.toAbsolutePath()) && Files.isSymbolicLink(dir)) {
            FileTrees.deleteRecursively(dir);
        }
    }

    public Path dir() {
        return dir;
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port(dir);
    }

    public String database() {
        return DATABASE;
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return PASSWORD;
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port() + "/" + database;
    }

    public boolean isRunning() {
        return isRunning(dir);
    }

    public void start() {
        start(dir);
    }

    public void stop() {
        stop(dir);
    }

    /** Deletes a test cluster (stopping it at once); stops a persistent one. */
    @Override
    public void close() {
        if (isTestCluster(dir)) {
            destroy(dir);
        } else {
            stop(dir);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL cluster in " + dir;
    }

    // ---------------------------------------------------------------------------------------------

    static void cleanStaleTestClusters() {
        WorkArea.cleanStale(WORK_AREA_KIND, dir -> stop(dir, "immediate"));
    }

    private static boolean isTestCluster(Path dir) {
        return PropertiesFiles.readIfExists(dir.resolve(CLUSTER_FILE)).map(p -> "test".equals(p.getProperty("kind"))).orElse(false);
    }

    private static Path clusterDirectory(Path dir) {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("No PostgreSQL cluster in " + dir + ": it does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Files.isRegularFile(real.resolve(CLUSTER_FILE))) {
            throw new IllegalArgumentException("No PostgreSQL cluster in " + dir + ": " + CLUSTER_FILE + " is missing");
        }
        return real;
    }

    private static PgBinaries binariesOf(Path dir) {
        return PropertiesFiles.readIfExists(dir.resolve(CLUSTER_FILE))
                .map(p -> p.getProperty("bin"))
                .filter(bin -> Files.isExecutable(Path.of(bin, "pg_ctl")))
                .map(bin -> PgBinaries.at(Path.of(bin)))
                .orElseGet(PgBinaries::locate);
    }

    /** Writes cluster.properties and data/crm-integrations.conf for this port; {@code durable=false} turns fsync off. */
    private static void configure(Path dir, PgBinaries binaries, int port, int maxConnections, boolean test, boolean durable) {
        Properties cluster = new Properties();
        cluster.setProperty("port", Integer.toString(port));
        cluster.setProperty(MAX_CONNECTIONS, Integer.toString(maxConnections));
        cluster.setProperty("kind", test ? "test" : "persistent");
        cluster.setProperty("bin", binaries.bin().toString());
        PropertiesFiles.write(dir.resolve(CLUSTER_FILE), cluster, "PostgreSQL cluster (crm-integrations testing launchers)");

        // A unix socket path is limited to ~107 bytes; without one, clients use TCP.
        String socketDirectory = dir.toString().length() + "/.s.PGSQL.65535".length() < 100 ? dir.toString() : "";
        StringBuilder settings = new StringBuilder()
                .append("# Written by the crm-integrations testing launchers; rewritten when the port changes.\n")
                .append("port = ").append(port).append('\n')
                .append("listen_addresses = '").append(HOST).append("'\n")
                .append("unix_socket_directories = '").append(socketDirectory).append("'\n")
                .append("max_connections = ").append(maxConnections).append('\n');
        if (test && durable) {
            settings.append("# A test cluster with durability on (").append(DURABLE_PROPERTY).append("=true): PostgreSQL's defaults.\n");
        } else if (test) {
            settings.append("# A test cluster: durability off, it is thrown away.\n")
                    .append("fsync = off\n")
                    .append("synchronous_commit = off\n")
                    .append("full_page_writes = off\n");
        }
        Path file = dir.resolve(DATA).resolve(SETTINGS_FILE);
        try {
            Files.writeString(file, settings.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
        PostgresUser.own(file);
    }

    private static void startServer(Path dir, PgBinaries binaries) {
        Path log = dir.resolve(LOG_FILE);
        long logOffset = FileTrees.size(log);
        Commands.Result result = Commands.run(PostgresUser.command(List.of(binaries.tool("pg_ctl"), "start",
                "-D", dir.resolve(DATA).toString(), "-l", log.toString(), "-w", "-t", Integer.toString(START_TIMEOUT_SECONDS), "-s")),
                Duration.ofSeconds(START_TIMEOUT_SECONDS + 30));
        if (!result.succeeded()) {
            String logText = FileTrees.since(log, logOffset);
            String message = "PostgreSQL did not start in " + dir + " (pg_ctl exit " + result.exitCode() + "): "
                    + result.output().strip() + "\n" + logText;
            if (logText.contains("could not bind") || logText.contains("Address already in use")) {
                throw new PortTakenException(message);
            }
            throw new IllegalStateException(message);
        }
    }

    private static void stop(Path dir, String mode) {
        Optional<ProcessHandle> postmaster = postmaster(dir);
        if (postmaster.isEmpty()) {
            return;
        }
        Commands.run(PostgresUser.command(List.of(binariesOf(dir).tool("pg_ctl"), "stop", "-D", dir.resolve(DATA).toString(),
                "-m", mode, "-w", "-t", "60", "-s")), Duration.ofSeconds(90));
        // The postmaster removes its pid file just before it exits, and pg_ctl may fail (e.g. a stale
        // cluster's directory was renamed): make sure it is gone.
        ProcessHandle process = postmaster.get();
        if (!ChildProcesses.awaitExit(process, Duration.ofSeconds(5))) {
            ChildProcesses.kill(process);
        }
    }

    /** The running postmaster, from data/postmaster.pid. */
    private static Optional<ProcessHandle> postmaster(Path dir) {
        Path pidFile = dir.resolve(DATA).resolve("postmaster.pid");
        try (Stream<String> lines = Files.lines(pidFile)) {
            long pid = Long.parseLong(lines.findFirst().orElse("").trim());
            return ProcessHandle.of(pid).filter(ChildProcesses::isRunning)
                    .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(true));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void ensureDatabase(Path dir, PgBinaries binaries) {
        List<String> psql = List.of(binaries.tool("psql"), "-X", "-q", "-h", HOST, "-p", Integer.toString(port(dir)),
                "-U", USERNAME, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-tA", "-c");
        String exists = Commands.run(concat(psql, "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'"),
                Duration.ofSeconds(30)).orThrow("psql").output().strip();
        if (!"1".equals(exists)) {
            Commands.run(concat(psql, "CREATE DATABASE " + DATABASE), Duration.ofSeconds(60)).orThrow("CREATE DATABASE");
        }
    }

    private static List<String> concat(List<String> command, String last) {
        return Stream.concat(command.stream(), Stream.of(last)).toList();
    }

    private static void destroyQuietly(Path dir) {
        try {
            stop(dir, "immediate");
        } catch (RuntimeException e) {
            // Best effort: the next start cleans up what is left.
        }
        try {
            FileTrees.deleteRecursively(dir);
        } catch (RuntimeException e) {
            // idem
        }
        LIVE_TEST_CLUSTERS.remove(dir);
    }



    /** The chosen port was taken between choosing it and binding it. */
    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }

    /** Where a persistent cluster lives, given the directory the caller named. */
    static final class PersistentLocation {

        private PersistentLocation() {
        }

        /** The real cluster directory for {@code requested}, created (and linked) if new. */
        static Path prepare(Path requested) {
            Path dir = requested.toAbsolutePath().normalize();
            try {
                if (Files.isSymbolicLink(dir)) {
                    Path target = Files.readSymbolicLink(dir);
                    target = dir.getParent().resolve(target).normalize();
                    if (!Files.isDirectory(target)) {
                        Files.createDirectories(target);
                        PostgresUser.own(target);
                    }
                    return target.toRealPath();
                }
                if (Files.isRegularFile(dir.resolve(CLUSTER_FILE))) {
                    return dir.toRealPath();
                }
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> entries = Files.list(dir)) {
                        if (entries.findAny().isPresent()) {
                            throw new IllegalStateException(dir + " is not empty and holds no PostgreSQL cluster ("
                                    + CLUSTER_FILE + " is missing): choose another --data-dir");
                        }
                    }
                }
                Files.createDirectories(dir.getParent());
                if (PostgresUser.canReach(dir.getParent())) {
                    Files.createDirectories(dir);
                    PostgresUser.own(dir);
                    return dir.toRealPath();
                }
                Path target = relocationRoot().resolve(dir.getFileName() + "-" + hash(dir.toString()));
                Files.createDirectories(target);
                PostgresUser.own(target);
                Files.deleteIfExists(dir);
                Files.createSymbolicLink(dir, target);
                return target.toRealPath();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot prepare the cluster directory " + dir, e);
            }
        }

        private static Path relocationRoot() throws IOException {
            Path home = Path.of("/var/lib/postgresql");
            Path root;
            if (Files.isDirectory(home) && PostgresUser.NAME.equals(Files.getOwner(home, LinkOption.NOFOLLOW_LINKS).getName())) {
                root = home.resolve("crm-integrations");
            } else {
                root = WorkArea.root().resolve("persistent");
            }
            Files.createDirectories(root);
            return root;
        }

        private static String hash(String text) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest, 0, 6);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
