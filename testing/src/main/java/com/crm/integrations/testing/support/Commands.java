package com.crm.integrations.testing.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short-lived commands (initdb, pg_ctl, psql, runuser) and collects what they print. */
public final class Commands {

    private Commands() {
    }

    /** The outcome of one command. */
    public record Result(List<String> command, int exitCode, String output) {

        public boolean succeeded() {
            return exitCode == 0;
        }

        public Result orThrow(String what) {
            if (!succeeded()) {
                throw new IllegalStateException(what + " failed (exit " + exitCode + "): " + String.join(" ", command)
                        + (output.isBlank() ? "" : "\n" + output.strip()));
            }
            return this;
        }
    }

    public static Result run(List<String> command, Duration timeout) {
        return run(command, null, timeout);
    }

    /**
     * Runs a command to completion, stdout and stderr merged.
     *
     * @param stdin what to write to its standard input, or null for none
     */
    public static Result run(List<String> command, String stdin, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + String.join(" ", command), e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream(), output), "command-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (stdin != null) {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // The command closed its input early: its exit code tells the rest.
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("Timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command));
            }
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
        }
        String text;
        synchronized (output) {
            text = output.toString(StandardCharsets.UTF_8);
        }
        return new Result(List.copyOf(command), process.exitValue(), text);
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (out) {
                    if (out.size() < 1_000_000) {
                        out.write(buffer, 0, n);
                    }
                }
            }
        } catch (IOException e) {
            // The process went away; what was read so far is the output.
        }
    }
}
