package com.crm.integrations.testing.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The load generator of the benchmarks: an operation started without blocking (an HTTP request, a
 * query) and its completion callback, driven open-loop at a fixed rate or closed-loop with a fixed
 * number in flight. token-service's {@code AccessTokenBench} and {@code RefreshBench} and mailchimp-service's
 * {@code WebhookIngressBench} use it. The issuing thread never waits for a response in the open loop:
 * request {@code i} is due at {@code start + i / rate}, and its latency is counted from that due
 * time (a stalled server or generator delays the sends, and the delay is counted).
 */
public final class Load {

    private static final Duration WAIT = Duration.ofMinutes(2);
    /** Operations one phase records at most (closed loop): beyond it the phase stops issuing. */
    private static final int CAPACITY = 1_000_000;

    private Load() {
    }

    /** Something to measure: starts operation {@code i} and calls {@code done} once, from any thread. */
    @FunctionalInterface
    public interface Operation {
        void start(int i, Done done);
    }

    @FunctionalInterface
    public interface Done {
        /** {@code error}: null when the operation succeeded, else what went wrong (the first is reported). */
        void completed(String error);
    }

    /** What one phase measured: its measured window only, warm-up excluded. */
    public record Measured(double offered, double achieved, long[] sortedLatencies, int errors, String firstError) {

        public double p50() {
            return millis(percentile(0.50));
        }

        public double p99() {
            return millis(percentile(0.99));
        }

        public double max() {
            return sortedLatencies.length == 0 ? Double.NaN : millis(sortedLatencies[sortedLatencies.length - 1]);
        }

        private long percentile(double p) {
            return sortedLatencies.length == 0 ? 0
                    : sortedLatencies[Math.max(0, (int) Math.ceil(p * sortedLatencies.length) - 1)];
        }
    }

    /**
     * {@code rate} operations per second for {@code warmUpSeconds} (discarded) and then
     * {@code seconds}; latency: due time → completion; achieved: measured operations that succeeded
     * per second, from the first measured due time to the last measured completion.
     */
    public static Measured openLoop(Operation operation, double rate, double warmUpSeconds, double seconds) {
        int warmUp = (int) Math.round(rate * warmUpSeconds);
        int total = warmUp + (int) Math.round(rate * seconds);
        long[] latencies = new long[total];
        long[] completed = new long[total];
        String[] errors = new String[total];
        CountDownLatch all = new CountDownLatch(total);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / rate);
            pace(due);
            int n = i;
            operation.start(i, error -> {
                long now = System.nanoTime();
                latencies[n] = now - due;
                completed[n] = now;
                errors[n] = error;
                all.countDown();
            });
        }
        await(all);
        long firstDue = start + (long) (warmUp * 1e9 / rate);
        long lastCompletion = Long.MIN_VALUE;
        int failed = 0;
        String firstError = null;
        long[] measured = new long[total - warmUp];
        for (int i = warmUp; i < total; i++) {
            measured[i - warmUp] = latencies[i];
            lastCompletion = Math.max(lastCompletion, completed[i]);
            if (errors[i] != null) {
                failed++;
                firstError = firstError == null ? errors[i] : firstError;
            }
        }
        Arrays.sort(measured);
        double achieved = (measured.length - failed) / ((lastCompletion - firstDue) / 1e9);
        return new Measured(rate, achieved, measured, failed, firstError);
    }

    /**
     * {@code inFlight} operations at a time, each started as soon as one completes, for
     * {@code warmUpSeconds} (discarded) and then {@code seconds}; latency: start → completion of the
     * operations started in the measured window; achieved: those that succeeded per second of the
     * window (start of the window → last completion).
     */
    public static Measured closedLoop(Operation operation, int inFlight, double warmUpSeconds, double seconds) {
        long[] started = new long[CAPACITY];
        long[] latencies = new long[CAPACITY];
        String[] errors = new String[CAPACITY];
        Semaphore slots = new Semaphore(inFlight);
        long start = System.nanoTime();
        long windowStart = start + (long) (warmUpSeconds * 1e9);
        long windowEnd = windowStart + (long) (seconds * 1e9);
        int firstMeasured = -1;
        int issued = 0;
        while (issued < CAPACITY) {
            slots.acquireUninterruptibly();
            long now = System.nanoTime();
            if (now >= windowEnd) {
                slots.release();
                break;
            }
            if (firstMeasured < 0 && now >= windowStart) {
                firstMeasured = issued;
            }
            int n = issued;
            started[n] = now;
            try {
                operation.start(n, error -> {
                    latencies[n] = System.nanoTime() - started[n];
                    errors[n] = error;
                    slots.release();
                });
            } catch (StopIssuing stop) {
                slots.release();
                break;
            }
            issued++;
        }
        if (!acquire(slots, inFlight)) {
            throw new IllegalStateException("Operations still in flight after " + WAIT);
        }
        long end = System.nanoTime();
        if (firstMeasured < 0) {
            throw new IllegalStateException("Nothing was started in the measured window");
        }
        int count = issued - firstMeasured;
        long[] measured = new long[count];
        int failed = 0;
        String firstError = null;
        for (int i = firstMeasured; i < issued; i++) {
            measured[i - firstMeasured] = latencies[i];
            if (errors[i] != null) {
                failed++;
                firstError = firstError == null ? errors[i] : firstError;
            }
        }
        Arrays.sort(measured);
        return new Measured(Double.NaN, (count - failed) / ((end - started[firstMeasured]) / 1e9), measured, failed, firstError);
    }

    /** {@code operation} for its first {@code limit} indices; then the closed loop ends ({@link StopIssuing}). */
    public static Operation limited(Operation operation, int limit) {
        return (i, done) -> {
            if (i >= limit) {
                throw new StopIssuing();
            }
            operation.start(i, done);
        };
    }

    private static boolean acquire(Semaphore slots, int permits) {
        try {
            return slots.tryAcquire(permits, WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException(latch.getCount() + " operations did not complete in " + WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void pace(long dueNanos) {
        long wait;
        while ((wait = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    public static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** Thrown by {@link Operation#start} when it has nothing more to start: the closed loop ends there. */
    public static final class StopIssuing extends RuntimeException {
        public StopIssuing() {
            super(null, null, false, false);
        }
    }
}
