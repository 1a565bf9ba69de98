package com.crm.integrations.testing.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import com.crm.integrations.testing.support.AppProcess;
import com.crm.integrations.testing.support.FreePorts;

/**
 * Another replica of the service under test beside the test's app: the jar {@code package} just built (so: from a
 * failsafe test), as a child JVM on its own port, configured like the test's app — its {@code integrations.*} and
 * Kafka settings: the same database schema, broker, siblings and stand-ins — plus overrides. {@link #kill()} ends it the
 * way a crash does (SIGKILL: no shutdown, its leases and open transaction left as they are).
 */
public final class TestAppReplica implements AutoCloseable {

    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");

    private final AppProcess process;

    private TestAppReplica(AppProcess process) {
        this.process = process;
    }

    /**
     * Starts a replica of {@code service} (its module's name, e.g. {@code status-service}; {@code -Dintegrations.<service>.jar}
     * names another jar) with the test app's configuration plus {@code overrides}, and waits until it is ready.
     */
    public static TestAppReplica start(String service, Map<String, String> overrides) {
        Config config = ConfigProvider.getConfig();
        Map<String, String> properties = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("%") || !(name.startsWith("integrations.") || name.startsWith("kafka."))) {
                continue;
            }
            try {
                config.getOptionalValue(name, String.class).ifPresent(value -> properties.put(name, value));
            } catch (RuntimeException unresolvable) {
                // a property only the test's app can resolve: the replica does without it
            }
        }
        properties.putAll(overrides);
        Path jar = AppProcess.packagedJar("integrations." + service + ".jar", service);
        try {
            Path log = Files.createTempFile(service + "-replica-", ".log");
            return new TestAppReplica(AppProcess.launch(service, jar, FreePorts.next())
                    .whenMissing("The " + service + " jar " + jar + " does not exist: this is a failsafe test, run after package")
                    .jvmOptions(JVM_OPTIONS)
                    .configuration(properties)
                    .log(log)
                    .readyTimeout(Duration.ofSeconds(120))
                    .start());
        } catch (IOException cannot) {
            throw new IllegalStateException("No log file for the replica", cannot);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return process.baseUrl();
    }

    /** Ends it at once, as a crash would, and returns once the process is gone. */
    public void kill() {
        process.process().destroyForcibly();
        process.process().onExit().join();
    }

    public Path log() {
        return process.logFile();
    }

    @Override
    public void close() {
        process.close();
    }
}
