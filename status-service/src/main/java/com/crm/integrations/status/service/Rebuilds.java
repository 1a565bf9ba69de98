package com.crm.integrations.status.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import com.crm.integrations.common.consumer.IdempotentConsumer;
import com.crm.integrations.common.consumer.IdempotentConsumer.Replayed;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.common.problem.ResourceNotFoundException;
import com.crm.integrations.status.config.RebuildConfig;
import com.crm.integrations.status.repository.ChangeRows;
import com.crm.integrations.status.repository.GenerationRows;
import com.crm.integrations.status.repository.GenerationRows.Generation;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Rebuilding the projection: a new generation, filled from the start of the three topics under a consumer group of its
 * own (so the ids the live consumer processed are applied again, and no live group's offsets are touched), while the
 * live consumer writes every new event to it too; once the replay reaches where the topics ended when it began, reads
 * switch to it. Facts are kept by their own clocks, so events the replay and the live consumer both apply, in whatever
 * order, leave the same state (docs/status.md, "Rebuilding"). One replica runs a rebuild, holding its lease; another
 * takes over from the group's committed offsets when it dies.
 */
@ApplicationScoped
public class Rebuilds {

    private static final Logger LOG = Logger.getLogger(Rebuilds.class);
    private static final List<String> TOPICS = List.of(Topics.TOKEN_EVENTS, Topics.CALENDAR_EVENTS, Topics.MAILCHIMP_EVENTS);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration WAIT = Duration.ofMinutes(2);

    private final GenerationRows generations;
    private final ChangeRows changes;
    private final IdempotentConsumer consumer;
    private final Projection projection;
    private final RebuildConfig config;
    private final Map<String, Object> kafkaConfig;
    private final String owner = "status-service-" + UUID.randomUUID();

    public Rebuilds(GenerationRows generations, ChangeRows changes, IdempotentConsumer consumer, Projection projection,
            RebuildConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.generations = generations;
        this.changes = changes;
        this.consumer = consumer;
        this.projection = projection;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
    }

    /** Starts a rebuild (any replica will run it). */
    public Uni<Generation> start(String requestedBy) {
        return generations.create(requestedBy).invoke(created -> LOG.infof("Rebuild of the status projection requested by %s:"
                + " generation %d", requestedBy, created.generation()));
    }

    public Uni<List<Generation>> list() {
        return generations.list();
    }

    public Uni<Generation> find(int generation) {
        return generations.find(generation).map(found -> found.orElseThrow(() -> new ResourceNotFoundException(
                "No generation " + generation + " of the status projection")));
    }

    /** Runs the rebuild this replica can take, if any: on a worker thread, for as long as the replay takes. */
    @Scheduled(every = "${integrations.status.rebuild.poll-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void runClaimed() {
        Optional<Generation> claimed;
        try {
            claimed = generations.claim(owner, config.lease()).await().atMost(WAIT);
        } catch (RuntimeException unreachable) {
            LOG.debugf("Rebuilds: cannot look for work (%s)", unreachable.getMessage());
            return;
        }
        claimed.ifPresent(this::replay);
    }

    /** Deletes the rows of generations replaced (or abandoned) longer ago than {@code keep-retired}. */
    @Scheduled(every = "${integrations.status.rebuild.purge-interval:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> purge() {
        return generations.purgeBefore(java.time.Instant.now().minus(config.keepRetired()), 1000)
                .invoke(purged -> {
                    if (purged > 0) {
                        LOG.infof("Deleted the rows of %d replaced generation(s) of the status projection", purged);
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("Purging replaced generations failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private void replay(Generation generation) {
        LOG.infof("Rebuilding generation %d of the status projection from %s (consumer group %s)", generation.generation(),
                TOPICS, generation.consumer());
        var handlers = projection.rebuild(generation.consumer(), generation.generation());
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(properties(generation.consumer()))) {
            List<TopicPartition> partitions = partitions(kafka);
            kafka.assign(partitions);
            Map<TopicPartition, Long> end = generation.endOffsets() != null ? endOffsets(generation.endOffsets(), partitions)
                    : kafka.endOffsets(partitions);
            JsonObject endJson = json(end);
            long total = 0;
            while (!reached(kafka, end)) {
                ConsumerRecords<String, byte[]> polled = kafka.poll(POLL);
                List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
                polled.forEach(records::add);
                Replayed replayed = records.isEmpty() ? new Replayed(0, 0, 0, 0)
                        : consumer.replay(records, handlers).await().atMost(WAIT);
                if (replayed.unreadable() > 0) {
                    LOG.warnf("Rebuild %d left out %d record(s) it cannot read (the live consumer dead-lettered them)",
                            generation.generation(), replayed.unreadable());
                }
                kafka.commitSync();
                total += records.size();
                if (!generations.renew(generation.generation(), owner, config.lease(), records.size(), endJson).await().atMost(WAIT)) {
                    LOG.warnf("Rebuild %d: another replica took it over", generation.generation());
                    return;
                }
            }
            if (generations.switchTo(generation.generation(), owner, changes).await().atMost(WAIT)) {
                LOG.infof("Status projection: generation %d is live (%d records replayed by this replica)", generation.generation(),
                        total);
            }
        } catch (IdempotentConsumer.EventProcessingException | IllegalStateException failed) {
            LOG.errorf("Rebuild %d of the status projection failed: %s", generation.generation(), failed.getMessage());
            generations.fail(generation.generation(), owner, failed.getMessage()).await().atMost(WAIT);
        } catch (RuntimeException interrupted) {
            // Kafka or PostgreSQL out of reach: the lease lapses and a replica takes over from the committed offsets.
            LOG.warnf("Rebuild %d of the status projection stopped (%s); it resumes from its committed offsets",
                    generation.generation(), interrupted.getMessage());
        }
    }

    private static boolean reached(KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(entry -> kafka.position(entry.getKey()) >= entry.getValue());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> kafka) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos != null) {
                infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
        }
        return partitions;
    }

    private static Map<TopicPartition, Long> endOffsets(JsonObject stored, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> end = new HashMap<>();
        for (TopicPartition partition : partitions) {
            end.put(partition, stored.getLong(partition.toString(), 0L));
        }
        return end;
    }

    private static JsonObject json(Map<TopicPartition, Long> end) {
        JsonObject json = new JsonObject();
        end.forEach((partition, offset) -> json.put(partition.toString(), offset));
        return json;
    }

    /** The channels' Kafka settings ({@code kafka.*}: brokers, TLS, SASL) with this replay's own. */
    Properties properties(String group) {
        Properties properties = new Properties();
        properties.putAll(kafkaConfig);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-" + owner);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return properties;
    }
}
