package com.crm.integrations.testing.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** Launching JVMs and making sure test processes do not outlive the JVM that owns them. */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    /** The {@code java} launcher of this JVM. */
    public static String javaExecutable() {
        Optional<String> command = ProcessHandle.current().info().command();
        if (command.isPresent() && command.get().endsWith("java") && Files.isExecutable(Path.of(command.get()))) {
            return command.get();
        }
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code setsid} when available, so a detached server does not get the terminal's Ctrl-C. */
    public static List<String> newSessionPrefix() {
        for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return List.of(candidate);
            }
        }
        return List.of();
    }

    /**
     * Starts a tiny shell watchdog that SIGKILLs {@code child} as soon as {@code owner} is gone (checked
     * every second), and exits by itself when the child ends. For children whose main we do not control
     * (the sandbox); the Kafka broker watches its owner itself ({@link #exitWhenGone}).
     */
    public static Process killWhenOwnerDies(ProcessIdentity owner, long child) {
        String script = "while kill -0 \"$1\" 2>/dev/null && kill -0 \"$2\" 2>/dev/null; do sleep 1; done; "
                + "kill -0 \"$1\" 2>/dev/null || kill -9 \"$2\" 2>/dev/null; exit 0";
        try {
            return new ProcessBuilder("/bin/sh", "-c", script, "owner-watchdog", Long.toString(owner.pid()), Long.toString(child))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the owner watchdog", e);
        }
    }

    /**
     * Records a child process's identity in {@code <dir>/<name>.pid}, so that whoever finds the directory
     * after its owner died can stop it ({@link #killRecorded}).
     */
    public static void recordPid(Path dir, String name, ProcessHandle process) {
        Properties pid = new Properties();
        ProcessIdentity.of(process).writeTo(pid, name + ".");
        PropertiesFiles.write(dir.resolve(name + ".pid"), pid, "The " + name + " process");
    }

    /** SIGKILLs the process recorded by {@link #recordPid} in {@code dir}, if it still runs. */
    public static void killRecorded(Path dir, String name) {
        PropertiesFiles.readIfExists(dir.resolve(name + ".pid"))
                .flatMap(p -> ProcessIdentity.readFrom(p, name + "."))
                .flatMap(ProcessIdentity::handle)
                .ifPresent(ChildProcesses::kill);
    }

    /** In a child JVM: halts it as soon as the owner process is gone (polled every 250 ms). */
    public static void exitWhenGone(ProcessIdentity owner) {
        Thread watcher = new Thread(() -> {
            while (owner.isAlive()) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(0);
        }, "owner-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Terminates a process: SIGTERM, then SIGKILL after the grace period. Returns when it is gone. */
    public static void terminate(ProcessHandle process, Duration grace) {
        if (!isRunning(process)) {
            return;
        }
        process.destroy();
        if (!awaitExit(process, grace)) {
            kill(process);
        }
    }

    /** SIGKILL, and wait until it is gone. */
    public static void kill(ProcessHandle process) {
        process.destroyForcibly();
        if (!awaitExit(process, Duration.ofSeconds(30))) {
            throw new IllegalStateException("Process " + process.pid() + " did not die");
        }
    }

    /**
     * Waits until the process is gone. Polls every 10 ms: {@code onExit()} polls processes that are not
     * our children with growing pauses, which made a stop take seconds instead of milliseconds.
     */
    public static boolean awaitExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning(process)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isRunning(process);
            }
        }
        return true;
    }

    /**
     * Whether the process runs. Unlike {@link ProcessHandle#isAlive()}, a zombie (exited, not yet reaped
     * by its parent) does not count: an orphan's zombie waits for init, which on some machines reaps
     * only every couple of seconds. A zombie main thread alone is not enough: while a JVM exits its
     * main thread may be a zombie with the other threads (and the sockets) still alive.
     */
    public static boolean isRunning(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            boolean zombie = false;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("State:")) {
                    zombie = line.substring(6).trim().startsWith("Z");
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.substring(8).trim());
                }
            }
            return !(zombie && threads <= 1);
        } catch (IOException | RuntimeException e) {
            return process.isAlive(); // no /proc (or it just went): trust the JDK
        }
    }
}
