package com.crm.integrations.token.cluster;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import com.crm.integrations.testing.support.ChildProcesses;
import com.crm.integrations.testing.support.FreePorts;
import com.crm.integrations.testing.support.ProcessIdentity;

/**
 * Another token-service replica beside the test's app: the jar {@code package} just built, as a child
 * JVM on its own port, configured like the test's app (its {@code integrations.*} and Kafka settings:
 * the same database schema, broker, identity provider, provider stand-ins and key ring). Secrets travel
 * in its environment. Killed with the test JVM if that dies first.
 */
public final class SecondInstance implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Process watchdog;
    private final int port;
    private final Path log;

    private SecondInstance(Process process, Process watchdog, int port, Path log) {
        this.process = process;
        this.watchdog = watchdog;
        this.port = port;
        this.log = log;
    }

    /** The packaged app: {@code token-service/target/quarkus-app/quarkus-run.jar} under the repository root. */
    static Path jar() {
        String root = System.getProperty("integrations.root", "..");
        Path jar = Path.of(root, "token-service", "target", "quarkus-app", "quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: run this test with failsafe (./mvnw verify), after package");
        }
        return jar;
    }

    /** Starts it with the test app's configuration plus {@code overrides}, and waits until it is ready. */
    public static SecondInstance start(Map<String, String> overrides) {
        Config config = ConfigProvider.getConfig();
        Map<String, String> properties = new TreeMap<>();
        Map<String, String> secrets = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("%") || !(name.startsWith("integrations.") || name.startsWith("kafka."))) {
                continue;
            }
            String value;
            try {
                value = config.getOptionalValue(name, String.class).orElse(null);
            } catch (RuntimeException unresolvable) {
                continue;
            }
            if (value == null) {
                continue;
            }
            (secret(name) ? secrets : properties).put(name, value);
        }
        properties.putAll(overrides);
        int port = FreePorts.next();
        Path log;
        try {
            log = Files.createTempFile(Path.of("target"), "second-instance-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(ChildProcesses.javaExecutable(), "-Xmx256m", "-XX:+UseSerialGC",
                "-Dquarkus.http.host=" + FreePorts.LOOPBACK, "-Dquarkus.http.port=" + port));
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add("-jar");
        command.add(jar().toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectOutput(log.toFile());
        secrets.forEach((name, value) -> builder.environment().put(environmentName(name), value));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the second token-service", e);
        }
        Process watchdog = ChildProcesses.killWhenOwnerDies(ProcessIdentity.current(), process.pid());
        SecondInstance instance = new SecondInstance(process, watchdog, port, log);
        try {
            instance.awaitReady();
        } catch (RuntimeException e) {
            instance.close();
            throw e;
        }
        return instance;
    }

    static boolean secret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("secret") || lower.contains("password") || lower.endsWith("encryption.keys");
    }

    /** The environment variable Quarkus reads for a property: upper case, every other character an underscore. */
    static String environmentName(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    public URI url() {
        return URI.create("http://" + FreePorts.LOOPBACK + ":" + port);
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The second token-service exited with " + process.exitValue() + "; its log: " + log);
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(url().resolve("/q/health/ready")).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(300);
        }
        throw new IllegalStateException("The second token-service was not ready after " + READY_TIMEOUT + "; its log: " + log);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        ChildProcesses.terminate(process.toHandle(), Duration.ofSeconds(10));
        watchdog.destroyForcibly();
    }
}
