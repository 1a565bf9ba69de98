package com.crm.integrations.common.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthGroup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The broker's state, in its own health group ({@code /q/health/group/kafka}) and deliberately
 * not in readiness: when Kafka is down a service keeps taking writes and its events wait.
 */
@HealthGroup(KafkaBrokerHealthCheck.GROUP)
@ApplicationScoped
public class KafkaBrokerHealthCheck implements AsyncHealthCheck {

    public static final String GROUP = "kafka";
    static final String NAME = "kafka-broker";

    private final Duration timeout;
    private final Uni<AdminClient> admin;
    private volatile AdminClient created;

    public KafkaBrokerHealthCheck(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "integrations.health.kafka-timeout", defaultValue = "2s") Duration timeout) {
        Map<String, Object> clientConfig = new HashMap<>(kafkaConfig);
        clientConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "health-check");
        this.timeout = timeout;
        // Created once, on a worker thread at the first check: creating a client resolves the
        // bootstrap host names, which blocks, and checks run on the event loop; start-up stays lean.
        this.admin = Uni.createFrom().item(() -> created = AdminClient.create(clientConfig))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .memoize().indefinitely();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs((int) timeout.toMillis());
        return admin.chain(client -> Uni.createFrom().<Integer>emitter(emitter -> client.describeCluster(options).nodes()
                .whenComplete((nodes, failure) -> {
                    if (failure != null) {
                        emitter.fail(failure);
                    } else {
                        emitter.complete(nodes.size());
                    }
                })))
                .map(nodes -> HealthCheckResponse.named(NAME).up().withData("nodes", nodes).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                        .withData("reason", failure.getClass().getSimpleName()).build());
    }

    @PreDestroy
    void close() {
        AdminClient client = created;
        if (client != null) {
            client.close(Duration.ofSeconds(1));
        }
    }
}
