package com.crm.integrations.testing.kafka;

import com.crm.integrations.testing.support.ChildProcesses;
import com.crm.integrations.testing.support.FileTrees;
import com.crm.integrations.testing.support.FreePorts;
import com.crm.integrations.testing.support.ProcessIdentity;
import com.crm.integrations.testing.support.PropertiesFiles;
import com.crm.integrations.testing.support.WorkArea;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller, {@code org.apache.kafka:kafka_2.13}
 * from Maven Central) running in its own JVM, never in the caller's: the caller's classpath stays free
 * of the broker's jars, and the broker can really be stopped and restarted.
 *
 * <p>A broker is a directory (see {@link BrokerFiles}); the static operations work on any broker
 * directory from any class loader or JVM. Test brokers ({@link #startTestBroker()}) live in
 * {@code <work area>/kafka/test-*}, halt by themselves when the JVM that started them dies, and their
 * directories are deleted by {@link #close()} or at the next start of any test broker. Persistent
 * brokers ({@link #startPersistent(Path, int, int)}, for the local run) run detached.
 *
 * <p>The broker JVM's classpath is this module's runtime classpath, written at build time to
 * {@value #CLASSPATH_RESOURCE}, plus this module's own jar or classes directory.
 */
public final class KafkaBroker implements AutoCloseable {

    public static final String HOST = FreePorts.LOOPBACK;
    static final String CLASSPATH_RESOURCE = "/META-INF/crm-integrations/kafka-broker.classpath";

    /** Measured: ~170 MB heap after start and a few topics; 384 MB leaves room for tests that push data. */
    static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xss512k", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", "-Djava.awt.headless=true");

    private static final String WORK_AREA_KIND = "kafka";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final int PORT_ATTEMPTS = 3;
    private static final Set<Path> LIVE_TEST_BROKERS = ConcurrentHashMap.newKeySet();

    /** Registered at the first test start, so that merely loading this class (e.g. in a Quarkus app's class loader) leaks nothing. */
    private static final AtomicBoolean CLEANUP_HOOK = new AtomicBoolean();

    private final Path dir;

    private KafkaBroker(Path dir) {
        this.dir = dir;
    }

    /**
     * Starts a new test broker on free loopback ports in its own directory; returns once it answers
     * {@code describeCluster}. Stale test brokers of dead JVMs are removed first.
     */
    public static KafkaBroker startTestBroker() {
        cleanStaleTestBrokers();
        Path dir = WorkArea.createTestDirectory(WORK_AREA_KIND);
        LIVE_TEST_BROKERS.add(dir);
        if (CLEANUP_HOOK.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE_TEST_BROKERS.forEach(KafkaBroker::destroyQuietly),
                    "kafka-test-brokers-cleanup"));
        }
        String clusterId = BrokerFiles.newClusterId();
        try {
            for (int attempt = 1; ; attempt++) {
                BrokerFiles.configure(dir, FreePorts.next(), FreePorts.next(), clusterId, true);
                try {
                    launch(dir);
                    return new KafkaBroker(dir);
                } catch (IllegalStateException e) {
                    if (attempt == PORT_ATTEMPTS || !portTaken(dir)) {
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
     * Starts a persistent broker in {@code dir} (formatted the first time), detached: it outlives this
     * JVM and ignores the terminal's Ctrl-C. Idempotent: a broker already running there on these ports
     * is left alone.
     */
    public static KafkaBroker startPersistent(Path dir, int port, int controllerPort) {
        Path real = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(real);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + real, e);
        }
        boolean known = Files.isRegularFile(real.resolve(BrokerFiles.LAUNCHER));
        if (known && isRunning(real)) {
            if (BrokerFiles.port(real) != port || BrokerFiles.controllerPort(real) != controllerPort) {
                throw new IllegalStateException("The broker in " + real + " already runs on ports " + BrokerFiles.port(real) + "/"
                        + BrokerFiles.controllerPort(real) + ", not " + port + "/" + controllerPort + ": stop it first");
            }
            return new KafkaBroker(real);
        }
        String clusterId = known ? BrokerFiles.launcher(real).getProperty("cluster-id") : BrokerFiles.newClusterId();
        BrokerFiles.configure(real, port, controllerPort, clusterId, false);
        launch(real);
        return new KafkaBroker(real);
    }

    /** The broker in an existing directory (running or not). */
    public static KafkaBroker at(Path dir) {
        return new KafkaBroker(brokerDirectory(dir));
    }

    /** Starts the broker in {@code dir} again: same ports, same data. No-op when it runs. */
    public static void start(Path dir) {
        Path real = brokerDirectory(dir);
        if (!isRunning(real)) {
            launch(real);
        }
    }

    /** Stops the broker in {@code dir} cleanly (SIGTERM; SIGKILL after 30 s). No-op when stopped. */
    public static void stop(Path dir) {
        Path real = brokerDirectory(dir);
        process(real).ifPresent(p -> ChildProcesses.terminate(p, STOP_GRACE));
        deleteRunFiles(real);
    }

    /** Kills the broker in {@code dir} (SIGKILL), as a crash would. */
    public static void kill(Path dir) {
        Path real = brokerDirectory(dir);
        process(real).ifPresent(ChildProcesses::kill);
        deleteRunFiles(real);
    }

    public static boolean isRunning(Path dir) {
        return process(brokerDirectory(dir)).isPresent();
    }

    public static int port(Path dir) {
        return BrokerFiles.port(brokerDirectory(dir));
    }

    public static String bootstrapServers(Path dir) {
        return HOST + ":" + port(dir);
    }

    /** Kills the broker in {@code dir} and deletes the directory. */
    public static void destroy(Path dir) {
        Path real = brokerDirectory(dir);
        process(real).ifPresent(ChildProcesses::kill);
        FileTrees.deleteRecursively(real);
        LIVE_TEST_BROKERS.remove(real);
    }

    public Path dir() {
        return dir;
    }

    public int port() {
        return BrokerFiles.port(dir);
    }

    public int controllerPort() {
        return BrokerFiles.controllerPort(dir);
    }

    public String bootstrapServers() {
        return HOST + ":" + port();
    }

    /** The broker JVM's process, when it runs. */
    public Optional<ProcessHandle> process() {
        return process(dir);
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

    public void kill() {
        kill(dir);
    }

    /** Deletes a test broker (killing it: its data is thrown away); stops a persistent one. */
    @Override
    public void close() {
        if (Files.isDirectory(dir) && BrokerFiles.isTest(dir)) {
            destroy(dir);
        } else if (Files.isDirectory(dir)) {
            stop(dir);
        }
    }

    @Override
    public String toString() {
        return "Kafka broker in " + dir;
    }

    // ---------------------------------------------------------------------------------------------

    static void cleanStaleTestBrokers() {
        WorkArea.cleanStale(WORK_AREA_KIND, dir -> process(dir).ifPresent(ChildProcesses::kill));
    }

    private static Path brokerDirectory(Path dir) {
        Path real = dir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(real.resolve(BrokerFiles.LAUNCHER))) {
            throw new IllegalArgumentException("No Kafka broker in " + dir + ": " + BrokerFiles.LAUNCHER + " is missing");
        }
        return real;
    }

    /** The running broker JVM, from DIR/broker.pid. */
    private static Optional<ProcessHandle> process(Path dir) {
        return PropertiesFiles.readIfExists(dir.resolve(BrokerFiles.PID))
                .flatMap(p -> ProcessIdentity.readFrom(p, "broker."))
                .flatMap(ProcessIdentity::handle);
    }

    /** Starts the broker JVM for this directory and waits until it is ready. */
    private static void launch(Path dir) {
        boolean test = BrokerFiles.isTest(dir);
        deleteRunFiles(dir);
        List<String> command = new ArrayList<>();
        if (!test) {
            command.addAll(ChildProcesses.newSessionPrefix());
        }
        command.add(ChildProcesses.javaExecutable());
        command.addAll(JVM_OPTIONS);
        command.add("-Dlog4j2.configurationFile=" + dir.resolve(BrokerFiles.LOG4J));
        command.add("-Dlog4j2.shutdownHookEnabled=false");
        command.add("-cp");
        command.add(brokerClasspath());
        command.add(KafkaBrokerProcess.class.getName());
        command.add(dir.toString());
        if (test) {
            ProcessIdentity owner = ProcessIdentity.current();
            command.add(Long.toString(owner.pid()));
            command.add(Long.toString(owner.startMillis()));
        }
        Path stdout = dir.resolve(BrokerFiles.STDOUT);
        long logOffset = FileTrees.size(dir.resolve(BrokerFiles.LOG));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Kafka broker JVM", e);
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Path ready = dir.resolve(BrokerFiles.READY);
        while (true) {
            if (Files.exists(ready) && readyPid(ready) == process.pid()) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("The Kafka broker in " + dir + " exited with " + process.exitValue()
                        + " before it was ready.\n" + FileTrees.tail(stdout, 30) + "\n" + FileTrees.since(dir.resolve(BrokerFiles.LOG), logOffset));
            }
            if (System.nanoTime() > deadline) {
                ChildProcesses.kill(process.toHandle());
                throw new IllegalStateException("The Kafka broker in " + dir + " was not ready after " + READY_TIMEOUT.toSeconds()
                        + " s.\n" + FileTrees.tail(stdout, 30) + "\n" + FileTrees.since(dir.resolve(BrokerFiles.LOG), logOffset));
            }
            WorkArea.sleep(50);
        }
    }

    private static boolean portTaken(Path dir) {
        String logs = FileTrees.tail(dir.resolve(BrokerFiles.STDOUT), 200) + FileTrees.tail(dir.resolve(BrokerFiles.LOG), 200);
        return logs.contains("Address already in use") || logs.contains("BindException");
    }

    private static long readyPid(Path ready) {
        try {
            return Long.parseLong(Files.readString(ready).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static void deleteRunFiles(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(BrokerFiles.READY));
            Files.deleteIfExists(dir.resolve(BrokerFiles.PID));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void destroyQuietly(Path dir) {
        try {
            process(dir).ifPresent(ChildProcesses::kill);
            FileTrees.deleteRecursively(dir);
        } catch (RuntimeException e) {
            // Best effort: the next start cleans up what is left.
        }
        LIVE_TEST_BROKERS.remove(dir);
    }

    /** This module's jar (or classes directory) followed by its runtime classpath. */
    static String brokerClasspath() {
        String dependencies;
        try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE + " is missing: build the testing module with Maven"
                        + " (./mvnw -pl testing package), which writes the broker's classpath there");
            }
            dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ownLocation() + File.pathSeparator + dependencies;
    }

    /** Where this class was loaded from: this module's jar or classes directory. */
    static Path ownLocation() {
        try {
            CodeSource source = KafkaBroker.class.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null && "file".equals(source.getLocation().getProtocol())) {
                Path location = Path.of(source.getLocation().toURI());
                if (Files.exists(location)) {
                    return location;
                }
            }
            URL classFile = KafkaBroker.class.getResource(KafkaBroker.class.getSimpleName() + ".class");
            if (classFile != null) {
                String url = classFile.toString();
                String suffix = "/" + KafkaBroker.class.getName().replace('.', '/') + ".class";
                if (url.startsWith("jar:file:") && url.contains("!/")) {
                    return Path.of(new URL(url.substring(4, url.indexOf("!/"))).toURI());
                }
                if (url.startsWith("file:") && url.endsWith(suffix)) {
                    return Path.of(new URL(url.substring(0, url.length() - suffix.length())).toURI());
                }
            }
        } catch (URISyntaxException | IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot find the testing module's jar for the broker's classpath", e);
        }
        throw new IllegalStateException("Cannot find the testing module's jar for the broker's classpath");
    }


}
