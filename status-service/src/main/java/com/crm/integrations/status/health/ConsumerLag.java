package com.crm.integrations.status.health;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import com.crm.integrations.status.config.SiblingsConfig;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * How far a consumer group is behind on its topics: per topic, the sum over its partitions of the log end offset minus
 * the group's committed offset (a partition the group never committed counts from the log start: its consumers read
 * from the earliest record). One Kafka admin client per replica, created on a worker thread at the first question
 * (creating one resolves the bootstrap host names, which blocks) and closed at shutdown; each question is asynchronous
 * and bounded by {@code integrations.status.siblings.timeout}.
 */
@ApplicationScoped
public class ConsumerLag {

    private final Duration timeout;
    private final Uni<AdminClient> admin;
    private volatile AdminClient created;

    public ConsumerLag(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, SiblingsConfig config) {
        this.timeout = config.timeout();
        Map<String, Object> clientConfig = new HashMap<>(kafkaConfig);
        clientConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "status-service-lag");
        clientConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        clientConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.admin = Uni.createFrom().item(() -> created = AdminClient.create(clientConfig))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .memoize().indefinitely();
    }

    /**
     * The lag of {@code group} on each of {@code topics}; a topic that does not exist yet has none. Fails when the broker
     * cannot be asked within the timeout.
     */
    public Uni<Map<String, Long>> of(String group, Collection<String> topics) {
        int millis = (int) timeout.toMillis();
        return admin.chain(client -> partitions(client, topics, millis)
                .chain(partitions -> partitions.isEmpty() ? Uni.createFrom().item(Map.<TopicPartition, Long>of())
                        : committed(client, group, millis).chain(committed -> {
                            List<TopicPartition> uncommitted = partitions.stream().filter(p -> !committed.containsKey(p)).toList();
                            return offsets(client, partitions, OffsetSpec.latest(), millis)
                                    .chain(ends -> offsets(client, uncommitted, OffsetSpec.earliest(), millis).map(starts -> {
                                        Map<TopicPartition, Long> lag = new HashMap<>();
                                        for (TopicPartition partition : partitions) {
                                            long from = committed.containsKey(partition) ? committed.get(partition)
                                                    : starts.getOrDefault(partition, 0L);
                                            lag.put(partition, Math.max(0, ends.getOrDefault(partition, from) - from));
                                        }
                                        return lag;
                                    }));
                        })))
                .map(lag -> {
                    Map<String, Long> byTopic = new LinkedHashMap<>();
                    topics.forEach(topic -> byTopic.put(topic, 0L));
                    lag.forEach((partition, behind) -> byTopic.merge(partition.topic(), behind, Long::sum));
                    return byTopic;
                })
                .ifNoItem().after(timeout.multipliedBy(4)).fail();
    }

    /** The partitions of the topics that exist. */
    private static Uni<List<TopicPartition>> partitions(AdminClient client, Collection<String> topics, int millis) {
        Map<String, KafkaFuture<TopicDescription>> described = client
                .describeTopics(topics, new DescribeTopicsOptions().timeoutMs(millis)).topicNameValues();
        List<Uni<List<TopicPartition>>> each = described.values().stream()
                .map(future -> uni(future).map(description -> description.partitions().stream()
                        .map(info -> new TopicPartition(description.name(), info.partition())).toList())
                        .onFailure(UnknownTopicOrPartitionException.class).recoverWithItem(List.of()))
                .toList();
        if (each.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(each).andFailFast()
                .map(lists -> lists.stream().flatMap(List::stream).toList());
    }

    private static Uni<Map<TopicPartition, Long>> committed(AdminClient client, String group, int millis) {
        return uni(client.listConsumerGroupOffsets(group, new ListConsumerGroupOffsetsOptions().timeoutMs(millis))
                .partitionsToOffsetAndMetadata()).map(offsets -> {
                    Map<TopicPartition, Long> committed = new HashMap<>();
                    offsets.forEach((partition, offset) -> {
                        if (offset != null) {
                            committed.put(partition, offset.offset());
                        }
                    });
                    return committed;
                });
    }

    private static Uni<Map<TopicPartition, Long>> offsets(AdminClient client, List<TopicPartition> partitions, OffsetSpec spec,
            int millis) {
        if (partitions.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Map<TopicPartition, OffsetSpec> asked = new HashMap<>();
        partitions.forEach(partition -> asked.put(partition, spec));
        return uni(client.listOffsets(asked, new ListOffsetsOptions().timeoutMs(millis)).all()).map(infos -> {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            infos.forEach((partition, info) -> offsets.put(partition, info.offset()));
            return offsets;
        });
    }

    /** The future's outcome, unwrapped: Kafka completes it on its own network thread. */
    private static <T> Uni<T> uni(KafkaFuture<T> future) {
        return Uni.createFrom().completionStage(future.toCompletionStage())
                .onFailure(failure -> failure instanceof CompletionException || failure instanceof ExecutionException)
                .transform(wrapped -> wrapped.getCause() == null ? wrapped : wrapped.getCause());
    }

    @PreDestroy
    void close() {
        AdminClient client = created;
        if (client != null) {
            client.close(Duration.ofSeconds(1));
        }
    }
}
