package com.crm.integrations.testing;

import com.crm.integrations.testing.kafka.KafkaBroker;
import com.crm.integrations.testing.postgres.PostgresCluster;
import com.crm.integrations.testing.sandbox.SandboxProcess;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Run in a child JVM by {@link OrphanCleanupTest}: starts a test cluster, a test broker and a (fake)
 * sandbox, prints where they are, then blocks until it is killed.
 */
public final class OrphanOwner {

    private OrphanOwner() {
    }

    public static void main(String[] args) throws Exception {
        Path sandboxJar = Path.of(args[0]);
        CompletableFuture<PostgresCluster> postgres = CompletableFuture.supplyAsync(PostgresCluster::startTestCluster);
        CompletableFuture<KafkaBroker> kafka = CompletableFuture.supplyAsync(KafkaBroker::startTestBroker);
        CompletableFuture<SandboxProcess> sandbox = CompletableFuture.supplyAsync(() -> SandboxProcess.start(sandboxJar, "orphan-secret", Map.of()));
        System.out.println("READY " + postgres.get().dir() + " " + kafka.get().dir() + " " + sandbox.get().process().pid()
                + " " + sandbox.get().logFile().getParent());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
