package com.crm.integrations.testing.kafka;

import com.crm.integrations.testing.support.ChildProcesses;
import com.crm.integrations.testing.support.ProcessIdentity;
import com.crm.integrations.testing.support.PropertiesFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.utils.Time;

/**
 * The main of the broker's own JVM (never run in a test JVM): formats the storage once, starts a KRaft
 * combined broker + controller from {@code DIR/server.properties}, and writes {@code DIR/ready} once an
 * AdminClient {@code describeCluster} succeeds. SIGTERM shuts it down cleanly.
 *
 * <pre>KafkaBrokerProcess DIR [OWNER_PID OWNER_START_MILLIS]</pre>
 * With an owner, the JVM halts as soon as the owner process is gone (test brokers).
 */
public final class KafkaBrokerProcess {

    private KafkaBrokerProcess() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            // Kafka's non-daemon threads would keep a half-started broker alive: end the JVM.
            e.printStackTrace();
            System.out.flush();
            Runtime.getRuntime().halt(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Path dir = Path.of(args[0]).toAbsolutePath();
        if (args.length >= 3) {
            ChildProcesses.exitWhenGone(new ProcessIdentity(Long.parseLong(args[1]), Long.parseLong(args[2])));
        }
        long started = System.nanoTime();
        ProcessIdentity self = ProcessIdentity.current();
        Properties pid = new Properties();
        self.writeTo(pid, "broker.");
        PropertiesFiles.write(dir.resolve(BrokerFiles.PID), pid, "The running broker JVM");

        Properties launcher = BrokerFiles.launcher(dir);
        Path serverFile = dir.resolve(BrokerFiles.SERVER);
        if (!Files.exists(dir.resolve(BrokerFiles.DATA).resolve("meta.properties"))) {
            int formatted = StorageTool.execute(new String[] {"format", "--cluster-id", launcher.getProperty("cluster-id"),
                    "--config", serverFile.toString(), "--ignore-formatted"}, new PrintStream(System.out, true));
            if (formatted != 0) {
                throw new IllegalStateException("Formatting the storage failed: exit " + formatted);
            }
        }
        Properties server = PropertiesFiles.read(serverFile);
        // Reflection: KafkaConfig's supertypes are in kafka_2.13's runtime-scoped dependencies.
        Object config = Class.forName("kafka.server.KafkaConfig").getMethod("fromProps", Properties.class, boolean.class)
                .invoke(null, server, false);
        KafkaRaftServer broker = (KafkaRaftServer) KafkaRaftServer.class
                .getConstructor(config.getClass(), Time.class).newInstance(config, Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(dir.resolve(BrokerFiles.READY));
            } catch (IOException e) {
                // The launcher checks the pid as well.
            }
            broker.shutdown();
            broker.awaitShutdown();
        }, "broker-shutdown"));
        broker.startup();

        String bootstrap = "127.0.0.1:" + launcher.getProperty("port");
        awaitDescribeCluster(bootstrap);
        Path ready = dir.resolve(BrokerFiles.READY);
        Path tmp = dir.resolve(BrokerFiles.READY + ".tmp");
        Files.writeString(tmp, Long.toString(self.pid()));
        Files.move(tmp, ready, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.out.printf("Kafka broker ready on %s (pid %d) in %d ms%n", bootstrap, self.pid(), (System.nanoTime() - started) / 1_000_000);
        broker.awaitShutdown();
    }

    private static void awaitDescribeCluster(String bootstrap) throws InterruptedException {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000,
                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs(5000)).nodes().get(10, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("The broker did not answer describeCluster", e);
                    }
                    Thread.sleep(100);
                }
            }
        }
    }
}
