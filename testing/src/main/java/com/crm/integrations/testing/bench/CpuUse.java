package com.crm.integrations.testing.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a phase's CPU went, from Linux's {@code /proc}: the machine's busy time, and each of this
 * benchmark's processes (the test JVM, which runs the service under test; its child JVMs told apart by
 * command line: a token-service jar, the sandbox, the Kafka broker; the PostgreSQL cluster's postmaster and
 * its backends; and the Maven JVM that forked the test JVM and copies its console); what is left is other
 * sessions' work on the same cores. Shared by the benchmarks of token-service and calendar-service.
 * Clock ticks are taken as 1/100 s (Linux's USER_HZ).
 */
public final class CpuUse {

    private static final double TICK = 0.01;
    public static final String APP = "test JVM";
    public static final String POSTGRES = "PostgreSQL";
    public static final String SANDBOX = "sandbox";
    public static final String KAFKA = "Kafka";
    public static final String MAVEN = "Maven";
    public static final String OTHERS = "other sessions";

    /** CPU seconds so far: the machine's busy total and this benchmark's groups. */
    public record Sample(long nanos, double machine, Map<String, Double> groups) {
    }

    /** A phase's CPU, in cores on average over its wall time. */
    public record Used(double seconds, double machine, Map<String, Double> cores) {

        public double cores(String group) {
            return cores.getOrDefault(group, 0.0);
        }

        /** CPU milliseconds per item of the group, e.g. per event. */
        public double millisPer(String group, long items) {
            return 1000 * cores(group) * seconds / items;
        }

        /** CPU milliseconds per item of all this benchmark's processes. */
        public double oursMillisPer(long items) {
            return cores.keySet().stream().filter(group -> !OTHERS.equals(group)).mapToDouble(group -> millisPer(group, items)).sum();
        }

        public String describe() {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "CPU in cores: machine %.2f of %d busy", machine,
                    Runtime.getRuntime().availableProcessors()));
            cores.forEach((group, value) -> {
                if (value >= 0.005) {
                    line.append(String.format(Locale.ROOT, ", %s %.2f", group, value));
                }
            });
            return line.toString();
        }
    }

    private final long postmaster;
    private final String tokenService;
    private final List<String> groups;

    /**
     * @param postgresDir  the test cluster's directory ({@code integrations.test.postgres.dir})
     * @param tokenService the group of a child token-service jar (e.g. "token-service", "second instance")
     */
    public CpuUse(String postgresDir, String tokenService) {
        this.postmaster = readPostmaster(Path.of(postgresDir, "data", "postmaster.pid"));
        this.tokenService = tokenService;
        this.groups = List.of(APP, tokenService, POSTGRES, SANDBOX, KAFKA, MAVEN);
    }

    public Sample sample() {
        long self = ProcessHandle.current().pid();
        long maven = maven();
        Map<String, Double> groups = new LinkedHashMap<>();
        this.groups.forEach(group -> groups.put(group, 0.0));
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter(path -> path.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(path -> {
                long pid = Long.parseLong(path.getFileName().toString());
                Optional<String[]> stat = stat(path);
                if (stat.isEmpty()) {
                    return;
                }
                long parent = Long.parseLong(stat.get()[1]);
                double seconds = (Long.parseLong(stat.get()[11]) + Long.parseLong(stat.get()[12])) * TICK;
                String group = pid == self ? APP : pid == maven ? MAVEN : pid == postmaster || parent == postmaster ? POSTGRES
                        : parent == self ? child(path) : null;
                if (group != null) {
                    groups.merge(group, seconds, Double::sum);
                }
            });
        } catch (IOException e) {
            return new Sample(System.nanoTime(), Double.NaN, groups);
        }
        return new Sample(System.nanoTime(), machineBusy(), groups);
    }

    public static Used between(Sample before, Sample after) {
        double seconds = (after.nanos() - before.nanos()) / 1e9;
        Map<String, Double> cores = new LinkedHashMap<>();
        double ours = 0;
        for (String group : before.groups().keySet()) {
            double used = after.groups().getOrDefault(group, 0.0) - before.groups().getOrDefault(group, 0.0);
            ours += used;
            cores.put(group, used / seconds);
        }
        double machine = after.machine() - before.machine();
        cores.put(OTHERS, Math.max(0, machine - ours) / seconds);
        return new Used(seconds, machine / seconds, cores);
    }

    /** Surefire forks the test JVM through {@code /bin/sh -c}: Maven is the shell's parent. */
    private static long maven() {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        if (parent.flatMap(p -> p.info().command()).filter(command -> command.endsWith("sh")).isPresent()) {
            parent = parent.flatMap(ProcessHandle::parent);
        }
        return parent.map(ProcessHandle::pid).orElse(-1L);
    }

    /** A child JVM of the test JVM, by its command line. */
    private String child(Path process) {
        String command;
        try {
            command = Files.readString(process.resolve("cmdline")).replace('\0', ' ');
        } catch (IOException | RuntimeException gone) {
            return null;
        }
        if (command.contains("token-service/target/quarkus-app")) {
            return tokenService;
        }
        if (command.contains("sandbox")) {
            return SANDBOX;
        }
        return command.toLowerCase(Locale.ROOT).contains("kafka") ? KAFKA : null;
    }

    /** The fields of {@code /proc/<pid>/stat} after the command name: [0] state, [1] parent, [11] utime, [12] stime. */
    private static Optional<String[]> stat(Path process) {
        try {
            String line = Files.readString(process.resolve("stat"));
            return Optional.of(line.substring(line.lastIndexOf(')') + 2).split(" "));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    /** The machine's busy CPU seconds (all cores): user, nice, system, irq, softirq, steal. */
    private static double machineBusy() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int field : new int[] { 1, 2, 3, 6, 7, 8 }) {
                busy += Long.parseLong(cpu[field]);
            }
            return busy * TICK;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static long readPostmaster(Path pidFile) {
        try {
            return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
