package com.crm.integrations.testing.kafka;

import com.crm.integrations.testing.support.FreePorts;
import com.crm.integrations.testing.support.PropertiesFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The files of a broker directory. Everything about a broker can be recovered from here:
 * <pre>
 * DIR/launcher.properties   port, controller port, cluster id, kind (test | persistent)
 * DIR/server.properties     the broker's configuration (KRaft, combined broker + controller, node 1)
 * DIR/log4j2.properties     WARN and up, to DIR/broker.log
 * DIR/data/                 log.dirs (topics and the KRaft metadata log)
 * DIR/broker.pid            pid and start time of the running broker JVM (written by the broker)
 * DIR/ready                 written by the broker once an AdminClient describeCluster succeeded
 * DIR/stdout.log            the broker JVM's stdout and stderr
 * DIR/owner.properties      (test brokers) the JVM that owns the broker
 * </pre>
 */
final class BrokerFiles {

    static final String LAUNCHER = "launcher.properties";
    static final String SERVER = "server.properties";
    static final String LOG4J = "log4j2.properties";
    static final String DATA = "data";
    static final String PID = "broker.pid";
    static final String READY = "ready";
    static final String LOG = "broker.log";
    static final String STDOUT = "stdout.log";

    private BrokerFiles() {
    }

    /** Writes launcher.properties, server.properties and log4j2.properties for these ports. */
    static void configure(Path dir, int port, int controllerPort, String clusterId, boolean test) {
        Properties launcher = new Properties();
        launcher.setProperty("port", Integer.toString(port));
        launcher.setProperty("controller-port", Integer.toString(controllerPort));
        launcher.setProperty("cluster-id", clusterId);
        launcher.setProperty("kind", test ? "test" : "persistent");
        PropertiesFiles.write(dir.resolve(LAUNCHER), launcher, "Kafka broker (crm-integrations testing launchers)");

        String host = FreePorts.LOOPBACK;
        Properties server = new Properties();
        server.setProperty("process.roles", "broker,controller");
        server.setProperty("node.id", "1");
        server.setProperty("controller.quorum.voters", "1@" + host + ":" + controllerPort);
        server.setProperty("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        server.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        server.setProperty("controller.listener.names", "CONTROLLER");
        server.setProperty("inter.broker.listener.name", "PLAINTEXT");
        server.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        server.setProperty("log.dirs", dir.resolve(DATA).toString());
        // One node: every replication factor and min ISR is 1.
        server.setProperty("num.partitions", "1");
        server.setProperty("default.replication.factor", "1");
        server.setProperty("min.insync.replicas", "1");
        server.setProperty("offsets.topic.replication.factor", "1");
        server.setProperty("transaction.state.log.replication.factor", "1");
        server.setProperty("transaction.state.log.min.isr", "1");
        server.setProperty("share.coordinator.state.topic.replication.factor", "1");
        server.setProperty("share.coordinator.state.topic.min.isr", "1");
        // Consumers join at once; internal topics small enough to load quickly.
        server.setProperty("group.initial.rebalance.delay.ms", "0");
        server.setProperty("offsets.topic.num.partitions", "10");
        server.setProperty("transaction.state.log.num.partitions", "10");
        server.setProperty("auto.create.topics.enable", "true");
        // A small machine: fewer threads, a small log-cleaner buffer (the default 128 MB would eat the heap).
        server.setProperty("num.network.threads", "2");
        server.setProperty("num.io.threads", "4");
        server.setProperty("background.threads", "4");
        server.setProperty("num.recovery.threads.per.data.dir", "1");
        server.setProperty("log.cleaner.threads", "1");
        server.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        PropertiesFiles.write(dir.resolve(SERVER), server, "Kafka KRaft combined broker and controller (written by the launcher)");

        String log4j = """
                # Written by the crm-integrations testing launchers: WARN and up, to a file.
                status = warn
                appender.file.type = File
                appender.file.name = file
                appender.file.fileName = %s
                appender.file.layout.type = PatternLayout
                appender.file.layout.pattern = [%%d] %%p %%m (%%c)%%n
                rootLogger.level = warn
                rootLogger.appenderRef.file.ref = file
                """.formatted(dir.resolve(LOG).toString().replace("\\", "\\\\"));
        try {
            Files.writeString(dir.resolve(LOG4J), log4j);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Properties launcher(Path dir) {
        return PropertiesFiles.read(dir.resolve(LAUNCHER));
    }

    static int port(Path dir) {
        return PropertiesFiles.intValue(launcher(dir), "port", dir);
    }

    static int controllerPort(Path dir) {
        return PropertiesFiles.intValue(launcher(dir), "controller-port", dir);
    }

    static boolean isTest(Path dir) {
        return "test".equals(launcher(dir).getProperty("kind"));
    }

    /** A Kafka cluster id: 16 random bytes, URL-safe base64 without padding, never starting with '-'. */
    static String newClusterId() {
        SecureRandom random = new SecureRandom();
        while (true) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }
}
