package com.crm.integrations.testing.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.crm.integrations.testing.support.ChildProcesses;
import com.crm.integrations.testing.support.Eventually;
import com.crm.integrations.testing.support.FileTrees;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The browser process: found, started with a fresh profile, and gone with everything it started. */
class ChromiumTest {

    private static final String WORK_AREA_PROPERTY = "integrations.tmp-dir";

    @Test
    void aMissingBrowserIsNamedWithItsPackage() {
        // Given
        String configured = System.getProperty(Chromium.BINARY_PROPERTY);
        System.setProperty(Chromium.BINARY_PROPERTY, "/nonexistent/chromium");
        try {
            // When
            IllegalStateException failure = assertThrows(IllegalStateException.class, Chromium::start);

            // Then
            assertFalse(Chromium.isInstalled());
            assertTrue(failure.getMessage().contains("no executable /nonexistent/chromium"), failure.getMessage());
            assertTrue(failure.getMessage().contains("apt-get install chromium"), failure.getMessage());
        } finally {
            if (configured == null) {
                System.clearProperty(Chromium.BINARY_PROPERTY);
            } else {
                System.setProperty(Chromium.BINARY_PROPERTY, configured);
            }
        }
    }

    @Test
    void startsWithAFreshProfileAndCloseLeavesNothing() {
        assumeTrue(Chromium.isInstalled(), Chromium.notInstalledReason());
        // Given
        long started = System.nanoTime();
        Chromium chromium = Chromium.start();
        long startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        List<ProcessHandle> family;
        try (Page page = chromium.newPage()) {
            page.navigate("about:blank");
            family = Stream.concat(chromium.process().descendants(), mentioning(chromium.dir())).distinct().toList();
            assertTrue(chromium.version().startsWith("Chrome/"), chromium.version());
            assertTrue(Files.isRegularFile(chromium.dir().resolve("profile/DevToolsActivePort")));
            assertTrue(family.size() >= 3, "a browser, its zygote and renderers: " + family);
        }
        System.out.println("Chromium started in " + startMillis + " ms");

        // When
        chromium.close();

        // Then
        assertEquals(List.of(), family.stream().filter(ChildProcesses::isRunning).toList());
        assertFalse(Files.exists(chromium.dir()), "the profile is still there");
    }

    @Test
    void diesWithTheJvmThatStartedItAndTheNextStartCleansUp() throws Exception {
        assumeTrue(Chromium.isInstalled(), Chromium.notInstalledReason());
        // Given: a JVM of its own, with a work area of its own (other builds' JVMs clean stale directories too)
        Path workArea = Files.createTempDirectory("crm-integrations-chromium-orphan-");
        Process owner = new ProcessBuilder(ChildProcesses.javaExecutable(), "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-D" + WORK_AREA_PROPERTY + "=" + workArea, "-cp", System.getProperty("java.class.path"), ChromiumOwner.class.getName())
                .redirectErrorStream(true)
                .start();
        try {
            String[] ready = readyLine(owner);
            ProcessHandle browser = ProcessHandle.of(Long.parseLong(ready[1])).orElseThrow();
            Path dir = Path.of(ready[2]);
            List<ProcessHandle> family = Stream.concat(Stream.of(browser), mentioning(dir)).distinct().toList();

            // When
            owner.destroyForcibly();

            // Then
            assertTrue(Eventually.within(Duration.ofSeconds(10), () -> family.stream().noneMatch(ChildProcesses::isRunning)),
                    () -> "still running: " + family.stream().filter(ChildProcesses::isRunning).toList());
            assertTrue(Files.isDirectory(dir), "the dead owner's directory waits for the next start");
            System.setProperty(WORK_AREA_PROPERTY, workArea.toString());
            try (Chromium next = Chromium.start()) {
                assertFalse(Files.exists(dir), "the next start did not delete the dead owner's directory");
            } finally {
                System.clearProperty(WORK_AREA_PROPERTY);
            }
        } finally {
            owner.destroyForcibly();
            owner.waitFor(30, TimeUnit.SECONDS);
            FileTrees.deleteRecursively(workArea);
        }
    }

    /** The processes whose command line names this directory: all of a browser's, its detached crash handlers too. */
    private static Stream<ProcessHandle> mentioning(Path dir) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(line -> line.contains(dir + "/")).orElse(false));
    }

    private static String[] readyLine(Process owner) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            StringBuilder output = new StringBuilder();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith("READY ")) {
                        return line.split(" ");
                    }
                    output.append(line).append('\n');
                }
            } catch (java.io.IOException e) {
                output.append(e);
            }
            throw new IllegalStateException("The owner JVM ended before Chromium was ready:\n" + output);
        }).get(60, TimeUnit.SECONDS);
    }
}
