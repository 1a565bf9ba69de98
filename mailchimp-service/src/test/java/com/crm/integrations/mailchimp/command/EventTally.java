package com.crm.integrations.mailchimp.command;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;

import io.vertx.core.json.JsonObject;

/**
 * The benchmark's reader of {@code integrations.mailchimp-events}: a plain consumer on its own thread that keeps only
 * counts by tenant and {@code ce_type} and, for each command answer, its arrival (epoch ms) and payload, by
 * {@code commandId}. Not {@code TopicReader}: that one keeps every record and checks each against the catalogue on
 * every look, and {@code CommandCalls.answers} looks through all of them per command, which is quadratic over the
 * 10,000 answers and 70,000 {@code subscriber.changed.v2} of a run.
 */
final class EventTally implements AutoCloseable {

    private static final String COMPLETED = EventType.MAILCHIMP_COMMAND_COMPLETED.type();
    private static final String FAILED = EventType.MAILCHIMP_COMMAND_FAILED.type();

    /** A command's first answer: completed or failed, when it arrived (epoch ms), its payload. */
    record Answer(boolean completed, long at, JsonObject payload) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicLong repeatedAnswers = new AtomicLong();
    private volatile boolean running = true;

    private EventTally() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-tally-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(properties);
        consumer.subscribe(List.of(Topics.MAILCHIMP_EVENTS));
        thread = new Thread(this::read, "bench-tally");
        thread.setDaemon(true);
        thread.start();
    }

    /** Reads the topic from its beginning (what came before only adds to counts the phases take differences of). */
    static EventTally start() {
        return new EventTally();
    }

    private void read() {
        while (running) {
            Iterable<ConsumerRecord<String, byte[]>> records;
            try {
                records = consumer.poll(Duration.ofMillis(50));
            } catch (RuntimeException broker) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                continue;
            }
            long now = System.currentTimeMillis();
            for (ConsumerRecord<String, byte[]> record : records) {
                Header header = record.headers().lastHeader("ce_type");
                String type = header == null ? "?" : new String(header.value(), StandardCharsets.UTF_8);
                counts.computeIfAbsent(record.key() + ' ' + type, key -> new AtomicLong()).incrementAndGet();
                if (COMPLETED.equals(type) || FAILED.equals(type)) {
                    JsonObject payload = new JsonObject(new String(record.value(), StandardCharsets.UTF_8));
                    if (answers.putIfAbsent(payload.getString("commandId"), new Answer(COMPLETED.equals(type), now, payload)) != null) {
                        repeatedAnswers.incrementAndGet();
                    }
                }
            }
        }
        consumer.close();
    }

    /** Events of {@code type} keyed by {@code tenant} read so far. */
    long count(String tenant, EventType type) {
        AtomicLong count = counts.get(tenant + ' ' + type.type());
        return count == null ? 0 : count.get();
    }

    /** Answers to a command already answered (0 expected: each command is answered once). */
    long repeatedAnswers() {
        return repeatedAnswers.get();
    }

    Answer answer(String commandId) {
        return answers.get(commandId);
    }

    /**
     * Waits until every command of {@code ids} was answered; fails when {@code stall} passes without one more answer.
     *
     * @return when the last of them arrived (epoch ms)
     */
    long awaitAll(Collection<String> ids, Duration stall) {
        int answered = -1;
        long progress = System.nanoTime();
        while (true) {
            int now = 0;
            long last = 0;
            for (String id : ids) {
                Answer answer = answers.get(id);
                if (answer != null) {
                    now++;
                    last = Math.max(last, answer.at());
                }
            }
            if (now == ids.size()) {
                return last;
            }
            if (now > answered) {
                answered = now;
                progress = System.nanoTime();
            } else if (System.nanoTime() - progress > stall.toNanos()) {
                throw new IllegalStateException(String.format("%d of %d commands answered, none more in %s", now, ids.size(), stall));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
