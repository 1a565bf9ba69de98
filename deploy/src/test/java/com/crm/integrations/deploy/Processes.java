package com.crm.integrations.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a tool to its end, with a timeout, keeping what it printed. */
final class Processes {

    private Processes() {
    }

    /** What a finished process left: its exit code and its output. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {

        /** The command, its exit code and stderr's last lines, for a failure message. */
        String describe() {
            String tail = stderr.lines().skip(Math.max(0, stderr.lines().count() - 40)).reduce("", (a, b) -> a + "\n    " + b);
            return String.join(" ", command) + " exited " + exitCode + (tail.isEmpty() ? " (nothing on stderr)" : ":" + tail);
        }
    }

    /**
     * Runs {@code command} in {@code directory}; output goes to temporary files, so a chatty tool cannot block on a
     * full pipe.
     *
     * @throws IllegalStateException when it cannot start or does not end within {@code timeout} (it is killed)
     */
    static Result run(List<String> command, Path directory, Duration timeout) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("deploy-check", ".out");
            err = Files.createTempFile("deploy-check", ".err");
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout + "; stderr:\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException cannotStart) {
            throw new IllegalStateException("Cannot run " + String.join(" ", command) + ": " + cannotStart.getMessage(), cannotStart);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), interrupted);
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file left behind
            }
        }
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException unwritable) {
            throw new UncheckedIOException(unwritable);
        }
    }
}
