package com.crm.integrations.calendar.cluster;

import java.nio.file.Path;
import java.util.Map;

import com.crm.integrations.testing.services.TestAppReplica;

/**
 * Another calendar-service replica beside the test's app ({@link TestAppReplica}): the jar {@code package} just built,
 * configured like the test's app plus overrides. {@link #kill()} ends it the way a crash does (SIGKILL: no shutdown,
 * its leases left as they are).
 */
final class CalendarReplica implements AutoCloseable {

    private final TestAppReplica replica;

    private CalendarReplica(TestAppReplica replica) {
        this.replica = replica;
    }

    /** Starts it with the test app's configuration plus {@code overrides}, and waits until it is ready. */
    static CalendarReplica start(Map<String, String> overrides) {
        return new CalendarReplica(TestAppReplica.start("calendar-service", overrides));
    }

    /** Ends it at once, as a crash would. */
    void kill() {
        replica.kill();
    }

    Path log() {
        return replica.log();
    }

    @Override
    public void close() {
        replica.close();
    }
}
