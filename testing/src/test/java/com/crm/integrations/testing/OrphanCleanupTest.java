package com.crm.integrations.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.crm.integrations.testing.kafka.KafkaBroker;
import com.crm.integrations.testing.postgres.PostgresCluster;
import com.crm.integrations.testing.sandbox.SandboxProcess;
import com.crm.integrations.testing.support.ChildProcesses;
import com.crm.integrations.testing.support.Eventually;
import com.crm.integrations.testing.support.FakeApp;
import com.crm.integrations.testing.support.FileTrees;
import com.crm.integrations.testing.support.ProcessIdentity;
import com.crm.integrations.testing.support.PropertiesFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A test JVM that is SIGKILLed cannot clean up: its broker and sandbox must die by themselves, and its
 * PostgreSQL cluster (which has no watchdog) and directories must go at the next start.
 *
 * <p>Runs in a work area of its own, so that test JVMs of other builds on this machine, which clean
 * up stale directories too, cannot clean up before this test looks.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrphanCleanupTest {

    private static final String WORK_AREA_PROPERTY = "integrations.tmp-dir";
    private static final Path WORK_AREA = Path.of("/tmp", "crm-integrations-orphan-test-" + ProcessHandle.current().pid());

    private static Path postgresDir;
    private static Path kafkaDir;
    private static Path sandboxDir;
    private static ProcessHandle postmaster;
    private static ProcessHandle broker;
    private static ProcessHandle sandbox;

    @BeforeAll
    static void killAJvmThatOwnsEverything() throws Exception {
        System.setProperty(WORK_AREA_PROPERTY, WORK_AREA.toString());
        Process owner = new ProcessBuilder(ChildProcesses.javaExecutable(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-D" + WORK_AREA_PROPERTY + "=" + WORK_AREA,
                "-cp", System.getProperty("java.class.path"), OrphanOwner.class.getName(), FakeApp.jar().toString())
                .redirectErrorStream(true)
                .start();
        try {
            String[] ready = awaitReadyLine(owner);
            postgresDir = Path.of(ready[1]);
            kafkaDir = Path.of(ready[2]);
            sandbox = ProcessHandle.of(Long.parseLong(ready[3])).orElseThrow();
            sandboxDir = Path.of(ready[4]);
            long postmasterPid = Long.parseLong(Files.readAllLines(postgresDir.resolve("data/postmaster.pid")).get(0).trim());
            postmaster = ProcessHandle.of(postmasterPid).orElseThrow();
            broker = ProcessIdentity.readFrom(PropertiesFiles.read(kafkaDir.resolve("broker.pid")), "broker.")
                    .flatMap(ProcessIdentity::handle).orElseThrow();
        } finally {
            owner.destroyForcibly();
            owner.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void makeSure() {
        List.of(postmaster, broker, sandbox).forEach(p -> {
            if (p != null) {
                p.destroyForcibly();
            }
        });
        System.clearProperty(WORK_AREA_PROPERTY);
        FileTrees.deleteRecursively(WORK_AREA);
    }

    @Test
    @Order(1)
    void brokerAndSandboxDieWithTheirOwner() {
        // When: the owner was killed (above)

        // Then
        assertTrue(Eventually.within(Duration.ofSeconds(10), () -> !broker.isAlive()), "the broker outlived its owner");
        assertTrue(Eventually.within(Duration.ofSeconds(10), () -> !sandbox.isAlive()), "the sandbox outlived its owner");
    }

    @Test
    @Order(2)
    void nextStartsRemoveWhatTheKilledJvmLeftBehind() throws Exception {
        // Given
        assertTrue(postmaster.isAlive(), "the orphaned postmaster should still run until someone cleans up");
        assertTrue(Files.isDirectory(postgresDir));

        // When
        CompletableFuture<PostgresCluster> postgres = CompletableFuture.supplyAsync(PostgresCluster::startTestCluster);
        CompletableFuture<KafkaBroker> kafka = CompletableFuture.supplyAsync(KafkaBroker::startTestBroker);
        CompletableFuture<SandboxProcess> fakeSandbox = CompletableFuture.supplyAsync(() -> {
            try {
                return SandboxProcess.start(FakeApp.jar(), "secret", Map.of());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try (PostgresCluster fresh = postgres.get(); KafkaBroker freshBroker = kafka.get(); SandboxProcess freshSandbox = fakeSandbox.get()) {
            // Then
            assertTrue(Eventually.within(Duration.ofSeconds(5), () -> !postmaster.isAlive()), "the orphaned postmaster still runs");
            assertFalse(Files.exists(postgresDir), "the orphaned cluster directory is still there");
            assertFalse(Files.exists(kafkaDir), "the orphaned broker directory is still there");
            assertFalse(Files.exists(sandboxDir), "the orphaned sandbox directory is still there");
        }
    }

    private static String[] awaitReadyLine(Process owner) throws Exception {
        CompletableFuture<String[]> ready = CompletableFuture.supplyAsync(() -> {
            StringBuilder output = new StringBuilder();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("READY ")) {
                        return line.split(" ");
                    }
                    output.append(line).append('\n');
                }
            } catch (java.io.IOException e) {
                // fall through
            }
            throw new IllegalStateException("The owner JVM ended before it was ready:\n" + output);
        });
        try {
            return ready.get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            fail("The owner JVM was not ready after 120 s");
            return null;
        }
    }
}
