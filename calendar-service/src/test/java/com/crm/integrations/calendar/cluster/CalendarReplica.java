package com.crm.integrations.calendar.cluster;

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
 * Another calendar-service replica beside the test's app: the jar {@code package} just built, as a child JVM on its
 * own port, configured like the test's app (its {@code integrations.*} and Kafka settings: the same database schema,
 * broker, token-service and provider stand-ins) plus overrides. {@link #kill()} ends it the way a crash does
 * (SIGKILL: no shutdown, its leases left as they are).
 */
final class CalendarReplica implements AutoCloseable {

    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");

    private final AppProcess process;

    private CalendarReplica(AppProcess process) {
        this.process = process;
    }

    /** Starts it with the test app's configuration plus {@code overrides}, and waits until it is ready. */
    static CalendarReplica start(Map<String, String> overrides) {
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
        Path jar = AppProcess.packagedJar("integrations.calendar-service.jar", "calendar-service");
        try {
            Path log = Files.createTempFile("calendar-replica-", ".log");
            return new CalendarReplica(AppProcess.launch("calendar-service", jar, FreePorts.next())
                    .whenMissing("The calendar-service jar " + jar + " does not exist: this is a failsafe test, run after package")
                    .jvmOptions(JVM_OPTIONS)
                    .configuration(properties)
                    .log(log)
                    .readyTimeout(Duration.ofSeconds(120))
                    .start());
        } catch (IOException cannot) {
            throw new IllegalStateException("No log file for the replica", cannot);
        }
    }

    /** Ends it at once, as a crash would. */
    void kill() {
        process.process().destroyForcibly();
        process.process().onExit().join();
    }

    Path log() {
        return process.logFile();
    }

    @Override
    public void close() {
        process.close();
    }
}
