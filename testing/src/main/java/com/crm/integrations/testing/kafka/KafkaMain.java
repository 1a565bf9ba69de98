package com.crm.integrations.testing.kafka;

import com.crm.integrations.testing.support.MainArguments;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A persistent Kafka broker for the local run.
 *
 * <pre>
 * KafkaMain start  --data-dir DIR [--port 19092] [--controller-port 19093]
 *                                   (ports default to the broker's current ones, 19092/19093 for a new one)
 *                                   format once, start detached (pid in DIR/broker.pid), return when an
 *                                   AdminClient describeCluster succeeds; no-op when already running
 * KafkaMain stop   --data-dir DIR   SIGTERM (clean shutdown), SIGKILL after 30 s; no-op when stopped
 * KafkaMain status --data-dir DIR   exit 0 when running, 3 when stopped, 4 when no broker
 * </pre>
 * Exit code 2 for bad arguments, 1 for failures.
 */
public final class KafkaMain {

    static final int DEFAULT_PORT = 19092;
    static final int DEFAULT_CONTROLLER_PORT = 19093;

    private KafkaMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        MainArguments arguments;
        Path dir;
        try {
            arguments = MainArguments.parse(args);
            dir = arguments.path("data-dir");
        } catch (IllegalArgumentException e) {
            System.err.println("KafkaMain: " + e.getMessage());
            System.err.println("usage: KafkaMain start --data-dir DIR [--port " + DEFAULT_PORT + "] [--controller-port "
                    + DEFAULT_CONTROLLER_PORT + "] | stop --data-dir DIR | status --data-dir DIR");
            return 2;
        }
        try {
            switch (arguments.command()) {
                case "start" -> {
                    long started = System.nanoTime();
                    // Without --port, an existing broker keeps its ports.
                    boolean known = hasBroker(dir);
                    KafkaBroker broker = KafkaBroker.startPersistent(dir,
                            arguments.port("port", known ? KafkaBroker.port(dir) : DEFAULT_PORT),
                            arguments.port("controller-port", known ? BrokerFiles.controllerPort(dir) : DEFAULT_CONTROLLER_PORT));
                    System.out.printf("Kafka ready on %s (%s) [%d ms]%n", broker.bootstrapServers(), dir,
                            (System.nanoTime() - started) / 1_000_000);
                    return 0;
                }
                case "stop" -> {
                    if (!hasBroker(dir)) {
                        System.out.println("No Kafka broker in " + dir);
                        return 0;
                    }
                    KafkaBroker.stop(dir);
                    System.out.println("Kafka stopped (" + dir + ")");
                    return 0;
                }
                case "status" -> {
                    if (!hasBroker(dir)) {
                        System.out.println("No Kafka broker in " + dir);
                        return 4;
                    }
                    boolean running = KafkaBroker.isRunning(dir);
                    System.out.printf("Kafka %s on %s (%s)%n", running ? "running" : "stopped", KafkaBroker.bootstrapServers(dir), dir);
                    return running ? 0 : 3;
                }
                default -> {
                    System.err.println("KafkaMain: unknown command " + arguments.command() + " (start, stop, status)");
                    return 2;
                }
            }
        } catch (RuntimeException e) {
            System.err.println("KafkaMain " + arguments.command() + " failed: " + e.getMessage());
            return 1;
        }
    }

    private static boolean hasBroker(Path dir) {
        return Files.isRegularFile(dir.resolve(BrokerFiles.LAUNCHER));
    }
}
