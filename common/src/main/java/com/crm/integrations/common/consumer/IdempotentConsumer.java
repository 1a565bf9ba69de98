package com.crm.integrations.common.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import com.crm.integrations.common.outbox.Outbox;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.common.sql.Transactions;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Processes a Kafka record as a CloudEvent, at most once per consumer, and never halts its channel.
 *
 * <p>
 * The record is parsed strictly (binary-mode {@code ce_} headers, key = subject = tenant, a JSON
 * object that fits the handler's payload type). The handler then runs in a transaction that first
 * records the event id for the consumer: a redelivered event finds its id and changes nothing. A
 * handler that fails is retried with backoff up to {@code integrations.consumer.max-attempts}
 * times; then, and at once for a malformed record, the record is negatively acknowledged, and the
 * channel's {@code dead-letter-queue} strategy writes it unchanged to the consumer's dead-letter
 * topic with the reason ({@code dead-letter-reason}, {@code dead-letter-cause}), where it was read,
 * and {@value #CONSUMER_HEADER} / {@value #ATTEMPTS_HEADER}. While PostgreSQL cannot be reached,
 * attempts are not counted: the channel waits for it instead of dead-lettering everything.
 *
 * <p>
 * A handler registered with {@code onSession} runs in a Hibernate Reactive transaction instead
 * ({@link SessionEventHandler}), and the local outbox relay is woken once it committed.
 *
 * <pre>
 * &#64;Incoming("token-events")
 * Uni&lt;Void&gt; consume(Message&lt;byte[]&gt; record) {
 *     return consumer.process(record, handlers);
 * }
 * </pre>
 *
 * <p>
 * A channel with {@code batch=true} hands over each poll's records at once: {@link #processBatch} applies them in
 * one transaction (one commit per poll instead of one per record), with the same guarantees.
 */
@ApplicationScoped
public class IdempotentConsumer {

    /** Dead-letter header: the consumer that gave up. */
    public static final String CONSUMER_HEADER = "dead-letter-consumer";
    /** Dead-letter header: how many times the handler ran (0: malformed, never handled). */
    public static final String ATTEMPTS_HEADER = "dead-letter-attempts";

    static final String REMEMBER = "INSERT INTO processed_event (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
    static final String REMEMBER_ALL = "INSERT INTO processed_event (consumer, event_id) SELECT $1, unnest($2::text[])"
            + " ON CONFLICT DO NOTHING RETURNING event_id";

    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);
    private static final String SPEC_VERSION = "1.0";

    private final Pool pool;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final ConsumerConfig config;
    private final MeterRegistry registry;
    private final AtomicBoolean databaseUnreachable = new AtomicBoolean();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public IdempotentConsumer(Pool pool, Outbox outbox, ObjectMapper json, ConsumerConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.outbox = outbox;
        this.json = json;
        this.config = config;
        this.registry = registry;
    }

    /**
     * Processes {@code record} and acknowledges it: applied, already applied, skipped (a type of
     * ours this consumer ignores) or dead-lettered.
     */
    public Uni<Void> process(Message<byte[]> record, EventHandlers handlers) {
        IncomingKafkaRecordMetadata<?, ?> kafka = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("IdempotentConsumer reads Kafka records only"));
        ConsumedEvent event;
        try {
            event = parse(kafka, record.getPayload());
        } catch (MalformedEventException malformed) {
            return deadLetter(record, handlers, kafka, null, malformed, 0);
        }
        var registration = handlers.registrationOf(event.type());
        if (registration.isEmpty()) {
            if (handlers.knows(event.type())) {
                count(handlers, "skipped");
                return Uni.createFrom().completionStage(record::ack);
            }
            return deadLetter(record, handlers, kafka, event,
                    new MalformedEventException("Unknown event type " + event.type() + " on " + event.topic()), 0);
        }
        return handle(record, handlers, kafka, event, registration.get());
    }

    /**
     * Processes one poll's records ({@code mp.messaging.incoming.<channel>.batch=true}) and acknowledges them. Malformed
     * records go to the dead-letter topic and ours without a handler are skipped, as in {@link #process}; the rest are
     * applied in one transaction that records all their ids first, so each handler sees only events this consumer has
     * not processed (an id twice in one poll is applied once). A transaction that fails is retried whole, like a
     * record; once the attempts are spent, the records go through {@link #process} one by one, so only the one that
     * keeps failing is dead-lettered. Handlers registered with {@code onSession} cannot run here.
     */
    public Uni<Void> processBatch(Message<List<byte[]>> batch, EventHandlers handlers) {
        if (!(batch instanceof KafkaRecordBatch<?, ?> kafkaBatch)) {
            throw new IllegalStateException("IdempotentConsumer.processBatch reads Kafka record batches only (batch=true)");
        }
        List<Message<byte[]>> records = new ArrayList<>();
        for (var record : kafkaBatch.getRecords()) {
            @SuppressWarnings("unchecked")
            Message<byte[]> bytes = (Message<byte[]>) record;
            records.add(bytes);
        }
        List<Applicable<?>> applicable = new ArrayList<>();
        List<Uni<Void>> setAside = new ArrayList<>();
        for (Message<byte[]> record : records) {
            IncomingKafkaRecordMetadata<?, ?> kafka = record.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
            ConsumedEvent event;
            try {
                event = parse(kafka, record.getPayload());
            } catch (MalformedEventException malformed) {
                setAside.add(deadLetter(record, handlers, kafka, null, malformed, 0));
                continue;
            }
            var registration = handlers.registrationOf(event.type());
            if (registration.isEmpty()) {
                if (handlers.knows(event.type())) {
                    count(handlers, "skipped");
                } else {
                    setAside.add(deadLetter(record, handlers, kafka, event,
                            new MalformedEventException("Unknown event type " + event.type() + " on " + event.topic()), 0));
                }
                continue;
            }
            try {
                applicable.add(Applicable.of(record, event, registration.get(), json));
            } catch (MalformedEventException unfit) {
                setAside.add(deadLetter(record, handlers, kafka, event, unfit, 0));
            }
        }
        Uni<Void> malformed = setAside.isEmpty() ? Uni.createFrom().voidItem()
                : Multi.createFrom().iterable(setAside).onItem().transformToUniAndConcatenate(parked -> parked).collect().last()
                        .replaceWithVoid();
        return malformed.chain(() -> applyAll(handlers, records, applicable))
                .chain(() -> Uni.createFrom().completionStage(batch::ack));
    }

    private Uni<Void> applyAll(EventHandlers handlers, List<Message<byte[]>> records, List<Applicable<?>> applicable) {
        if (applicable.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        IllegalStateException refused = sessionHandled(handlers, applicable);
        if (refused != null) {
            return Uni.createFrom().failure(refused);
        }
        AtomicInteger attempts = new AtomicInteger();
        Uni<Integer> applied = Uni.createFrom().deferred(() -> {
            attempts.incrementAndGet();
            return applyOnce(handlers.consumer(), applicable);
        });
        if (config.maxAttempts() > 1) {
            applied = applied.onFailure().retry().withBackOff(config.minBackoff(), config.maxBackoff())
                    .atMost(config.maxAttempts() - 1L);
        }
        return applied.onItemOrFailure().transformToUni((fresh, failure) -> {
            if (failure == null) {
                countBy(handlers, "applied", fresh);
                countBy(handlers, "duplicate", applicable.size() - fresh);
                return Uni.createFrom().voidItem();
            }
            LOG.warnf("Consumer %s could not apply a batch of %d events in %d attempts (%s); applying them one by one",
                    handlers.consumer(), applicable.size(), attempts.get(), describe(failure));
            List<Message<byte[]>> remaining = applicable.stream().<Message<byte[]>>map(Applicable::record).toList();
            return Multi.createFrom().iterable(remaining).onItem()
                    .transformToUniAndConcatenate(record -> process(record, handlers)).collect().last().replaceWithVoid();
        });
    }

    /** A refusal when one of the events has a Hibernate Reactive handler, which runs one event per session only. */
    private static IllegalStateException sessionHandled(EventHandlers handlers, List<Applicable<?>> applicable) {
        return applicable.stream().filter(one -> one.registration().sessionHandler() != null).findFirst()
                .map(one -> new IllegalStateException("Consumer " + handlers.consumer() + " handles " + one.event().type()
                        + " in a Hibernate Reactive session, which a batch cannot: use process()"))
                .orElse(null);
    }

    /** One attempt at a batch: remember every id, apply the fresh events in order; how many were fresh. */
    private Uni<Integer> applyOnce(String consumer, List<Applicable<?>> applicable) {
        Map<String, Applicable<?>> byId = new LinkedHashMap<>();
        for (Applicable<?> one : applicable) {
            byId.putIfAbsent(one.event().id(), one);
        }
        String[] ids = byId.keySet().toArray(String[]::new);
        return connection().chain(connection -> Transactions.inTransaction(connection,
                tx -> tx.preparedQuery(REMEMBER_ALL).execute(Tuple.of(consumer, ids)).chain(remembered -> {
                    java.util.Set<String> fresh = new java.util.HashSet<>();
                    remembered.forEach(row -> fresh.add(row.getString(0)));
                    List<Applicable<?>> toApply = byId.values().stream().filter(one -> fresh.contains(one.event().id()))
                            .toList();
                    return Multi.createFrom().iterable(toApply).onItem()
                            .transformToUniAndConcatenate(one -> one.applyIn(tx)).collect().last()
                            .replaceWith(toApply.size());
                }))
                .eventually(connection::close));
    }

    /** What a {@link #replay} did with its records. */
    public record Replayed(int applied, int duplicates, int skipped, int unreadable) {
    }

    /**
     * Applies records read outside Reactive Messaging — a projection's rebuild reading the topics again under a consumer
     * group of its own — as {@link #processBatch} applies a poll: one transaction, ids remembered under
     * {@code handlers.consumer()}, each fresh event handled in order, retried whole. Unlike a channel it dead-letters
     * nothing: a record it cannot read is counted and left out (whoever first consumed it dead-lettered it then), and a
     * transaction that keeps failing fails the replay, for the caller to stop.
     */
    public Uni<Replayed> replay(List<ConsumerRecord<String, byte[]>> records, EventHandlers handlers) {
        List<Applicable<?>> applicable = new ArrayList<>();
        int skipped = 0;
        int unreadable = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                ConsumedEvent event = parse(record.topic(), record.partition(), record.offset(), record.key(), record.headers(),
                        record.value());
                var registration = handlers.registrationOf(event.type());
                if (registration.isEmpty()) {
                    if (handlers.knows(event.type())) {
                        skipped++;
                    } else {
                        unreadable++;
                    }
                    continue;
                }
                applicable.add(Applicable.of(null, event, registration.get(), json));
            } catch (MalformedEventException malformed) {
                unreadable++;
            }
        }
        if (applicable.isEmpty()) {
            return Uni.createFrom().item(new Replayed(0, 0, skipped, unreadable));
        }
        IllegalStateException refused = sessionHandled(handlers, applicable);
        if (refused != null) {
            return Uni.createFrom().failure(refused);
        }
        int skippedRecords = skipped;
        int unreadableRecords = unreadable;
        Uni<Integer> applied = Uni.createFrom().deferred(() -> applyOnce(handlers.consumer(), applicable));
        if (config.maxAttempts() > 1) {
            applied = applied.onFailure().retry().withBackOff(config.minBackoff(), config.maxBackoff())
                    .atMost(config.maxAttempts() - 1L);
        }
        return applied.map(fresh -> new Replayed(fresh, applicable.size() - fresh, skippedRecords, unreadableRecords))
                .onFailure().transform(failure -> new EventProcessingException("Replaying " + applicable.size()
                        + " events failed " + config.maxAttempts() + " times: " + describe(failure), failure));
    }

    /** A parsed record whose payload fits its handler. */
    private record Applicable<P>(Message<byte[]> record, ConsumedEvent event, EventHandlers.Registration<P> registration,
            P payload) {

        static <P> Applicable<P> of(Message<byte[]> record, ConsumedEvent event, EventHandlers.Registration<P> registration,
                ObjectMapper json) {
            try {
                return new Applicable<>(record, event, registration, json.treeToValue(event.data(), registration.payloadType()));
            } catch (JacksonException | IllegalArgumentException unfit) {
                throw new MalformedEventException("The payload does not fit " + event.type() + unfitAt(unfit));
            }
        }

        Uni<Void> applyIn(SqlConnection tx) {
            return registration.handler().handle(tx, event, payload);
        }
    }

    private <P> Uni<Void> handle(Message<byte[]> record, EventHandlers handlers, IncomingKafkaRecordMetadata<?, ?> kafka,
            ConsumedEvent event, EventHandlers.Registration<P> registration) {
        P payload;
        try {
            payload = json.treeToValue(event.data(), registration.payloadType());
        } catch (JacksonException | IllegalArgumentException unfit) {
            return deadLetter(record, handlers, kafka, event, new MalformedEventException("The payload does not fit "
                    + event.type() + unfitAt(unfit)), 0);
        }
        AtomicInteger attempts = new AtomicInteger();
        Uni<Boolean> applied = Uni.createFrom().deferred(() -> {
            attempts.incrementAndGet();
            return applyOnce(handlers.consumer(), event, registration, payload);
        });
        if (config.maxAttempts() > 1) {
            applied = applied.onFailure().retry().withBackOff(config.minBackoff(), config.maxBackoff())
                    .atMost(config.maxAttempts() - 1L);
        }
        return applied.onItemOrFailure().transformToUni((fresh, failure) -> {
            if (failure == null) {
                count(handlers, fresh ? "applied" : "duplicate");
                return Uni.createFrom().completionStage(record::ack);
            }
            return deadLetter(record, handlers, kafka, event, new EventProcessingException(
                    "The handler failed " + attempts.get() + " times: " + describe(failure), failure), attempts.get());
        });
    }

    /** One attempt: remember the id and apply the effect in one transaction; false when already processed. */
    private <P> Uni<Boolean> applyOnce(String consumer, ConsumedEvent event, EventHandlers.Registration<P> registration,
            P payload) {
        if (registration.sessionHandler() != null) {
            // The pool is the one Hibernate Reactive draws from: wait for PostgreSQL here as on the SQL path.
            return connection().chain(SqlConnection::close)
                    .chain(() -> SessionTransactions.applyOnce(consumer, event, registration.sessionHandler(), payload))
                    .invoke(fresh -> {
                        if (fresh) {
                            outbox.committed();
                        }
                    });
        }
        return connection().chain(connection -> Transactions.inTransaction(connection,
                tx -> tx.preparedQuery(REMEMBER).execute(Tuple.of(consumer, event.id())).chain(remembered -> {
                    if (remembered.rowCount() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    return registration.handler().handle(tx, event, payload).replaceWith(true);
                }))
                .eventually(connection::close));
    }

    /** A connection, waiting for the database as long as it takes: an outage is not the event's fault. */
    private Uni<SqlConnection> connection() {
        return pool.getConnection()
                .onItem().invoke(connected -> {
                    if (databaseUnreachable.compareAndSet(true, false)) {
                        LOG.info("Consumers reach PostgreSQL again");
                    }
                })
                .onFailure().invoke(failure -> {
                    if (databaseUnreachable.compareAndSet(false, true)) {
                        LOG.warnf("Consumers wait for PostgreSQL (%s); no event is dead-lettered meanwhile",
                                describe(failure));
                    }
                })
                .onFailure().retry().withBackOff(config.minBackoff(), config.maxBackoff()).indefinitely();
    }

    private Uni<Void> deadLetter(Message<byte[]> record, EventHandlers handlers, IncomingKafkaRecordMetadata<?, ?> kafka,
            ConsumedEvent event, Throwable reason, int attempts) {
        LOG.warnf("Consumer %s dead-letters the record at %s/%d@%d%s: %s", handlers.consumer(), kafka.getTopic(),
                kafka.getPartition(), kafka.getOffset(),
                event == null ? "" : " (event " + event.id() + ", tenant " + event.tenant() + ")", reason.getMessage());
        count(handlers, "dead_lettered");
        Headers headers = new RecordHeaders()
                .add(CONSUMER_HEADER, handlers.consumer().getBytes(StandardCharsets.UTF_8))
                .add(ATTEMPTS_HEADER, Integer.toString(attempts).getBytes(StandardCharsets.UTF_8));
        Metadata metadata = Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build());
        return Uni.createFrom().completionStage(() -> record.nack(reason, metadata));
    }

    private void count(EventHandlers handlers, String outcome) {
        countBy(handlers, outcome, 1);
    }

    private void countBy(EventHandlers handlers, String outcome, int amount) {
        if (amount <= 0) {
            return;
        }
        counters.computeIfAbsent(handlers.consumer() + '\n' + outcome, key -> Counter.builder("integrations.events.consumed")
                .description("Events read by idempotent consumers, by outcome")
                .tag("consumer", handlers.consumer()).tag("outcome", outcome).register(registry)).increment(amount);
    }

    /** Parses the binary-mode CloudEvent; every failure names what is wrong, never a value. */
    ConsumedEvent parse(IncomingKafkaRecordMetadata<?, ?> kafka, byte[] value) {
        return parse(kafka.getTopic(), kafka.getPartition(), kafka.getOffset(), kafka.getKey(), kafka.getHeaders(), value);
    }

    private ConsumedEvent parse(String topic, int partition, long offset, Object key, Headers headers, byte[] value) {
        String specVersion = header(headers, "ce_specversion");
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new MalformedEventException(specVersion == null ? "No ce_specversion header: not a binary-mode CloudEvent"
                    : "ce_specversion is not " + SPEC_VERSION);
        }
        String id = required(headers, "ce_id");
        String type = required(headers, "ce_type");
        String source = required(headers, "ce_source");
        String subject = required(headers, "ce_subject");
        if (!TenantId.isValid(subject)) {
            throw new MalformedEventException("ce_subject is not a tenant id");
        }
        if (key == null || !subject.equals(key.toString())) {
            throw new MalformedEventException("The record key is not the event's tenant (ce_subject)");
        }
        Instant time = null;
        String timeHeader = header(headers, "ce_time");
        if (timeHeader != null) {
            try {
                time = OffsetDateTime.parse(timeHeader).toInstant();
            } catch (DateTimeParseException unparsable) {
                throw new MalformedEventException("ce_time is not an RFC 3339 timestamp");
            }
        }
        String contentType = header(headers, "content-type");
        if (contentType != null && !contentType.toLowerCase().startsWith("application/json")) {
            throw new MalformedEventException("The content type is not application/json");
        }
        if (value == null || value.length == 0) {
            throw new MalformedEventException("The record has no value");
        }
        JsonNode data;
        try {
            data = json.readTree(value);
        } catch (java.io.IOException notJson) {
            throw new MalformedEventException("The value is not JSON");
        }
        if (data == null || !data.isObject()) {
            throw new MalformedEventException("The value is not a JSON object");
        }
        return new ConsumedEvent(id, type, source, new TenantId(subject), time, data, topic, partition, offset);
    }

    private static String required(Headers headers, String name) {
        String value = header(headers, name);
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("No " + name + " header");
        }
        return value;
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String unfitAt(Exception unfit) {
        if (unfit instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return " at " + mapping.getPathReference().replaceAll("^[^\\[]*\\[", "[");
        }
        return "";
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** The handler kept failing; its last failure is the cause. */
    public static class EventProcessingException extends RuntimeException {

        EventProcessingException(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }
}
