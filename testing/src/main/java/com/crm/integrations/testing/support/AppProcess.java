package com.crm.integrations.testing.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A packaged Quarkus app ({@code target/quarkus-app/quarkus-run.jar}) as a child JVM of the test JVM: a
 * Quarkus test JVM runs one app, so the sandbox and token-service run beside it this way.
 *
 * <p>It listens on a loopback port, takes its configuration as system properties and its secrets in its
 * environment (never on the command line, where {@code ps} shows them), writes its output to a log file
 * that every failure message names, and counts as started once {@code /q/health/ready} answers 200. It
 * lives in a test directory of the work area ({@code <area>/<name>/test-*}, {@link WorkArea}) that
 * records its pid; a shell watchdog SIGKILLs it as soon as the JVM that started it dies, and the next
 * start of an app of the same name stops and deletes what a dead owner left.
 *
 * <pre>
 * AppProcess app = AppProcess.launch("token-service", jar, FreePorts.next())
 *         .configuration(properties)           // secrets among them go to the environment
 *         .log(Path.of("target", "token-service.log"))
 *         .start();
 * </pre>
 */
public final class AppProcess implements AutoCloseable {

    /** System property: the repository root (surefire sets it to the reactor root). */
    public static final String ROOT_PROPERTY = "integrations.root";

    /** The JVM options of a small app that should start fast (the sandbox): short JIT, small heap, serial GC. */
    public static final List<String> SMALL_JVM = List.of("-Xmx160m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final String name;
    private final Path dir;
    private final Path log;
    private final int port;
    private final Process process;
    private final Process watchdog;

    private AppProcess(Launch launch, Path dir, Path log, Process process, Process watchdog) {
        this.name = launch.name;
        this.dir = dir;
        this.log = log;
        this.port = launch.port;
        this.process = process;
        this.watchdog = watchdog;
    }

    /**
     * What to start: {@code jar} as {@code name} (the work area's kind, the pid file's and default log's
     * name) on loopback port {@code port}.
     */
    public static Launch launch(String name, Path jar, int port) {
        return new Launch(name, jar, port);
    }

    /**
     * Whether a configuration property holds a secret, and so travels in the environment: its name
     * contains {@code secret} or {@code password}, or it is a key ring ({@code ….keys}).
     */
    public static boolean isSecret(String property) {
        String lower = property.toLowerCase(Locale.ROOT);
        return lower.contains("secret") || lower.contains("password") || lower.endsWith(".keys");
    }

    /**
     * The environment variable Quarkus reads for a property (SmallRye Config's rule): upper case, every
     * character other than a letter or digit an underscore.
     */
    public static String environmentName(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /**
     * A packaged app of this repository: the jar the system property {@code property} names if set, else
     * {@code <repository root>/<module>/target/quarkus-app/quarkus-run.jar}.
     */
    public static Path packagedJar(String property, String module) {
        String configured = System.getProperty(property);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return repositoryRoot().resolve(module + "/target/quarkus-app/quarkus-run.jar");
    }

    /** {@value #ROOT_PROPERTY} if set, else the nearest directory up from the working directory that has sandbox/pom.xml. */
    public static Path repositoryRoot() {
        String configured = System.getProperty(ROOT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("sandbox/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the repository root (a directory with sandbox/pom.xml) above "
                + Path.of("").toAbsolutePath() + ": set the system property " + ROOT_PROPERTY);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://" + FreePorts.LOOPBACK + ":" + port;
    }

    /** Everything the app printed. */
    public Path logFile() {
        return log;
    }

    /** The app's test directory in the work area (deleted on {@link #close()}). */
    public Path dir() {
        return dir;
    }

    public ProcessHandle process() {
        return process.toHandle();
    }

    /** Stops the app (SIGTERM, SIGKILL after 10 s) and deletes its test directory; a log kept elsewhere stays. */
    @Override
    public void close() {
        ChildProcesses.terminate(process.toHandle(), STOP_GRACE);
        watchdog.destroyForcibly();
        FileTrees.deleteRecursively(dir);
    }

    @Override
    public String toString() {
        return name + " on " + baseUrl();
    }

    private static AppProcess start(Launch launch) {
        if (!Files.isRegularFile(launch.jar)) {
            throw new IllegalStateException(launch.missingJar.isBlank() ? "The " + launch.name + " jar " + launch.jar + " does not exist"
                    : launch.missingJar);
        }
        WorkArea.cleanStale(launch.name, stale -> ChildProcesses.killRecorded(stale, launch.name));
        Path dir = WorkArea.createTestDirectory(launch.name);
        Path log = launch.log != null ? launch.log.toAbsolutePath() : dir.resolve(launch.name + ".log");
        List<String> command = new ArrayList<>();
        command.add(ChildProcesses.javaExecutable());
        command.addAll(launch.jvmOptions);
        command.add("-Dquarkus.http.host=" + FreePorts.LOOPBACK);
        command.add("-Dquarkus.http.port=" + launch.port);
        launch.properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(launch.jar.toAbsolutePath().toString());
        Process process;
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(launch.environment);
            process = builder.directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            FileTrees.deleteRecursively(dir);
            throw new UncheckedIOException("Cannot start the " + launch.name + " JVM", e);
        }
        ChildProcesses.recordPid(dir, launch.name, process.toHandle());
        Process watchdog = ChildProcesses.killWhenOwnerDies(ProcessIdentity.current(), process.pid());
        AppProcess app = new AppProcess(launch, dir, log, process, watchdog);
        try {
            app.awaitReady(launch.readyTimeout);
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    private void awaitReady(Duration timeout) {
        URI probe = URI.create(baseUrl() + "/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!answers200(probe)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The " + name + " exited with " + process.exitValue() + " before it was ready. "
                        + "Its log (" + log + "):\n" + FileTrees.tail(log, 40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The " + name + " was not ready after " + timeout.toSeconds() + " s. Its log ("
                        + log + "):\n" + FileTrees.tail(log, 40));
            }
            WorkArea.sleep(100);
        }
    }

    private boolean answers200(URI uri) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the " + name, e);
        }
    }

    /** What to start and how; {@link #start()} starts it. */
    public static final class Launch {

        private final String name;
        private final Path jar;
        private final int port;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private List<String> jvmOptions = SMALL_JVM;
        private Path log;
        private Duration readyTimeout = Duration.ofSeconds(90);
        private String missingJar = "";

        private Launch(String name, Path jar, int port) {
            this.name = Objects.requireNonNull(name, "name");
            this.jar = Objects.requireNonNull(jar, "jar");
            this.port = port;
        }

        /** The JVM's options (heap, GC, JIT); {@link #SMALL_JVM} unless told. */
        public Launch jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** A {@code -D} system property: never a secret. */
        public Launch property(String name, String value) {
            if (isSecret(name)) {
                throw new IllegalArgumentException(name + " is a secret: pass it with secret() or configuration()");
            }
            properties.put(name, value);
            return this;
        }

        /** A configuration property that travels in the environment, under {@link #environmentName(String)}. */
        public Launch secret(String name, String value) {
            environment.put(environmentName(name), value);
            return this;
        }

        /** Configuration properties: the secrets ({@link #isSecret(String)}) in the environment, the rest as {@code -D}. */
        public Launch configuration(Map<String, String> configuration) {
            configuration.forEach((name, value) -> {
                if (isSecret(name)) {
                    secret(name, value);
                } else {
                    property(name, value);
                }
            });
            return this;
        }

        /** Where its output goes; {@code <test directory>/<name>.log} (deleted on close) unless told. */
        public Launch log(Path file) {
            this.log = file;
            return this;
        }

        /** How long it may take to be ready; 90 s unless told. */
        public Launch readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        /** The failure message when the jar does not exist: what to build. */
        public Launch whenMissing(String message) {
            this.missingJar = message;
            return this;
        }

        /** Starts the app and waits until it is ready; stops it again when it is not. */
        public AppProcess start() {
            return AppProcess.start(this);
        }
    }
}
