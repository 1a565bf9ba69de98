package com.crm.integrations.common.outbox;

import java.net.URI;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * An outbox row as the message the Kafka sink sends: a CloudEvent in binary mode (the row's id,
 * type and creation time, the tenant as subject), keyed by tenant, to the row's topic; Kafka's
 * acknowledgement or refusal completes {@code ack}.
 */
final class CloudEventMessages {

    private CloudEventMessages() {
    }

    static Message<String> of(PendingEvent event, URI source, CompletableFuture<Void> ack) {
        OutgoingCloudEventMetadata<Object> cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(event.id().toString())
                .withType(event.type())
                .withSource(source)
                .withSubject(event.tenant())
                .withTimestamp(event.createdAt().atZoneSameInstant(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .build();
        OutgoingKafkaRecordMetadata<String> record = OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic(event.topic())
                .withKey(event.tenant())
                .build();
        return Message.of(event.payload(), Metadata.of(cloudEvent, record))
                .withAck(() -> {
                    ack.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    ack.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
    }
}
