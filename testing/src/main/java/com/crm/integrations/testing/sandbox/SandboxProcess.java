package com.crm.integrations.testing.sandbox;

import com.crm.integrations.testing.support.ChildProcesses;
import com.crm.integrations.testing.support.FileTrees;
import com.crm.integrations.testing.support.FreePorts;
import com.crm.integrations.testing.support.ProcessIdentity;
import com.crm.integrations.testing.support.PropertiesFiles;
import com.crm.integrations.testing.support.WorkArea;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The sandbox app (stand-ins for the providers and the CRM's identity provider) as a child JVM started
 * from its packaged jar, {@code <repository root>/sandbox/target/quarkus-app/quarkus-run.jar}: a
 * Quarkus test JVM runs one app, so the sandbox cannot run inside it.
 *
 * <p>It listens on a free loopback port, gets the client secret and issuer as system properties,
 * logs to {@code <work area>/sandbox/test-*}/sandbox.log, and is SIGKILLed by a watchdog as soon as
 * the JVM that started it dies; the directories of dead owners are deleted at the next start.
 */
public final class SandboxProcess implements AutoCloseable {

    /** System property: the sandbox jar to run instead of the repository's. */
    public static final String JAR_PROPERTY = "integrations.sandbox.jar";
    /** System property: the repository root (surefire sets it to the reactor root). */
    public static final String ROOT_PROPERTY = "integrations.root";

    static final List<String> JVM_OPTIONS = List.of("-Xmx160m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData");
    private static final String WORK_AREA_KIND = "sandbox";
    private static final String PID_FILE = "sandbox.pid";
    private static final String LOG_FILE = "sandbox.log";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Path dir;
    private final int port;
    private final Process process;
    private final Process watchdog;

    private SandboxProcess(Path dir, int port, Process process, Process watchdog) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.watchdog = watchdog;
    }

    /** Starts the repository's sandbox (or the jar named by {@value #JAR_PROPERTY}). */
    public static SandboxProcess start(String clientSecret) {
        return start(locateJar(), clientSecret, Map.of());
    }

    /**
     * Starts the repository's sandbox with its provider stand-ins' apps registered: one client secret
     * for all of them and the redirect URIs they accept (none: the sandbox's own defaults, the local
     * run's callbacks; an empty list would be a missing value to its configuration).
     */
    public static SandboxProcess start(String clientSecret, String providersClientSecret, List<String> redirectUris) {
        Map<String, String> properties = redirectUris.isEmpty() ? Map.of()
                : Map.of("sandbox.providers.redirect-uris", String.join(",", redirectUris));
        return start(locateJar(), clientSecret, properties, providersClientSecret);
    }

    /**
     * Starts a sandbox jar on a free loopback port and waits until {@code /q/health/ready} answers 200.
     *
     * @param systemProperties more {@code -D} options for the sandbox
     */
    public static SandboxProcess start(Path jar, String clientSecret, Map<String, String> systemProperties) {
        return start(jar, clientSecret, systemProperties, null);
    }

    private static SandboxProcess start(Path jar, String clientSecret, Map<String, String> systemProperties,
            String providersClientSecret) {
        if (!Files.isRegularFile(jar)) {
            throw missingJar(jar);
        }
        WorkArea.cleanStale(WORK_AREA_KIND, SandboxProcess::killRecorded);
        Path dir = WorkArea.createTestDirectory(WORK_AREA_KIND);
        int port = FreePorts.next();
        String baseUrl = "http://" + FreePorts.LOOPBACK + ":" + port;
        List<String> command = new ArrayList<>();
        command.add(ChildProcesses.javaExecutable());
        command.addAll(JVM_OPTIONS);
        command.add("-Dquarkus.http.host=" + FreePorts.LOOPBACK);
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dsandbox.identity.issuer=" + baseUrl + "/idp");
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());

        Path log = dir.resolve(LOG_FILE);
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            // In the environment, not on the command line, where ps would show it.
            builder.environment().put("SANDBOX_IDENTITY_CLIENT_SECRET", clientSecret);
            if (providersClientSecret != null) {
                builder.environment().put("SANDBOX_PROVIDERS_CLIENT_SECRET", providersClientSecret);
            }
            process = builder
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            FileTrees.deleteRecursively(dir);
            throw new UncheckedIOException("Cannot start the sandbox JVM", e);
        }
        Properties pid = new Properties();
        ProcessIdentity.of(process.toHandle()).writeTo(pid, "sandbox.");
        PropertiesFiles.write(dir.resolve(PID_FILE), pid, "The sandbox JVM");
        Process watchdog = ChildProcesses.killWhenOwnerDies(ProcessIdentity.current(), process.pid());
        SandboxProcess sandbox = new SandboxProcess(dir, port, process, watchdog);
        try {
            sandbox.awaitReady();
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
        return sandbox;
    }

    /** The sandbox jar: {@value #JAR_PROPERTY} if set, else the repository's packaged sandbox. */
    public static Path locateJar() {
        String configured = System.getProperty(JAR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return repositoryRoot().resolve("sandbox/target/quarkus-app/quarkus-run.jar");
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

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://" + FreePorts.LOOPBACK + ":" + port;
    }

    /** The identity provider's issuer, {@code <base url>/idp}. */
    public String issuer() {
        return baseUrl() + "/idp";
    }

    public Path logFile() {
        return dir.resolve(LOG_FILE);
    }

    public ProcessHandle process() {
        return process.toHandle();
    }

    /** Stops the sandbox (SIGTERM, SIGKILL after 10 s) and deletes its directory. */
    @Override
    public void close() {
        ChildProcesses.terminate(process.toHandle(), Duration.ofSeconds(10));
        watchdog.destroyForcibly();
        FileTrees.deleteRecursively(dir);
    }

    @Override
    public String toString() {
        return "sandbox on " + baseUrl();
    }

    private void awaitReady() {
        List<URI> probes = List.of(URI.create(baseUrl() + "/q/health/ready"));
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            for (URI probe : probes) {
                if (answers200(probe)) {
                    return;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("The sandbox exited with " + process.exitValue() + " before it was ready. "
                        + "Its log (" + logFile() + "):\n" + FileTrees.tail(logFile(), 40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The sandbox was not ready after " + READY_TIMEOUT.toSeconds() + " s. Its log ("
                        + logFile() + "):\n" + FileTrees.tail(logFile(), 40));
            }
            WorkArea.sleep(100);
        }
    }

    private static boolean answers200(URI uri) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the sandbox", e);
        }
    }

    private static void killRecorded(Path dir) {
        PropertiesFiles.readIfExists(dir.resolve(PID_FILE))
                .flatMap(p -> ProcessIdentity.readFrom(p, "sandbox."))
                .flatMap(ProcessIdentity::handle)
                .ifPresent(ChildProcesses::kill);
    }

    private static IllegalStateException missingJar(Path jar) {
        return new IllegalStateException("The sandbox jar " + jar + " does not exist: build the sandbox first"
                + " (./mvnw -pl sandbox package), or set -D" + JAR_PROPERTY + " to another sandbox jar");
    }
}
