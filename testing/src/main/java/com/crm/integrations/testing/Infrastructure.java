package com.crm.integrations.testing;

import com.crm.integrations.testing.kafka.KafkaBroker;
import com.crm.integrations.testing.postgres.PostgresCluster;
import java.nio.file.Path;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * For test code: stops and restarts the PostgreSQL cluster and the Kafka broker that
 * {@link IntegrationInfrastructure} started, found through the configuration it supplied
 * ({@code integrations.test.postgres.dir}, {@code integrations.test.kafka.dir}). Ports and data
 * survive a stop; every method returns once the change took effect (a start once the server is ready).
 */
public final class Infrastructure {

    private Infrastructure() {
    }

    /** Fast shutdown of PostgreSQL: connections are dropped, new ones refused. */
    public static void stopPostgres() {
        PostgresCluster.stop(postgresDir());
    }

    /** Immediate shutdown of PostgreSQL, as a crash would (recovery runs at the next start). */
    public static void crashPostgres() {
        PostgresCluster.stopImmediately(postgresDir());
    }

    public static void startPostgres() {
        PostgresCluster.start(postgresDir());
    }

    /** Clean shutdown of the Kafka broker (SIGTERM). */
    public static void stopKafka() {
        KafkaBroker.stop(kafkaDir());
    }

    /** Kills the Kafka broker (SIGKILL), as a crash would. */
    public static void killKafka() {
        KafkaBroker.kill(kafkaDir());
    }

    public static void startKafka() {
        KafkaBroker.start(kafkaDir());
    }

    public static Path postgresDir() {
        return Path.of(ConfigProvider.getConfig().getValue(IntegrationInfrastructure.POSTGRES_DIR, String.class));
    }

    public static Path kafkaDir() {
        return Path.of(ConfigProvider.getConfig().getValue(IntegrationInfrastructure.KAFKA_DIR, String.class));
    }
}
