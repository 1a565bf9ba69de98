package com.crm.integrations.testing.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * A process named by its PID and start time, so that a recycled PID is not mistaken for the process
 * that wrote it down.
 *
 * @param pid the process id
 * @param startMillis the process start time in epoch milliseconds, or 0 when the platform does not tell
 */
public record ProcessIdentity(long pid, long startMillis) {

    /** Start times read through /proc have a 10 ms resolution; allow for rounding. */
    private static final long START_TOLERANCE_MILLIS = Duration.ofSeconds(1).toMillis();

    public ProcessIdentity {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive: " + pid);
        }
    }

    public static ProcessIdentity of(ProcessHandle handle) {
        return new ProcessIdentity(handle.pid(), handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
    }

    public static ProcessIdentity current() {
        return of(ProcessHandle.current());
    }

    /** The live process with this identity, if any. */
    public Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid).filter(ChildProcesses::isRunning).filter(this::sameStart);
    }

    public boolean isAlive() {
        return handle().isPresent();
    }

    private boolean sameStart(ProcessHandle handle) {
        if (startMillis == 0) {
            return true;
        }
        return handle.info().startInstant()
                .map(start -> Math.abs(start.toEpochMilli() - startMillis) <= START_TOLERANCE_MILLIS)
                .orElse(true);
    }

    public void writeTo(Properties properties, String prefix) {
        properties.setProperty(prefix + "pid", Long.toString(pid));
        properties.setProperty(prefix + "start-millis", Long.toString(startMillis));
    }

    public static Optional<ProcessIdentity> readFrom(Properties properties, String prefix) {
        String pid = properties.getProperty(prefix + "pid");
        if (pid == null || pid.isBlank()) {
            return Optional.empty();
        }
        long start = Long.parseLong(properties.getProperty(prefix + "start-millis", "0").trim());
        return Optional.of(new ProcessIdentity(Long.parseLong(pid.trim()), start));
    }

    @Override
    public String toString() {
        return "pid " + pid;
    }
}
