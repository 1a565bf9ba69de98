package com.crm.integrations.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** What the checks read from the services' properties and from the event catalog. */
class ServiceKafkaTest {

    @Test
    void aServicesChannelsGiveItsTopicsGroupsAndDeadLetters() {
        // Given
        String properties = """
                mp.messaging.incoming.events.connector=smallrye-kafka
                mp.messaging.incoming.events.topics=a.events, b.events
                mp.messaging.incoming.events.group.id=svc.events
                mp.messaging.incoming.events.dead-letter-queue.topic=svc.events.dead-letter
                mp.messaging.incoming.commands.topic=svc.commands
                %prod.mp.messaging.incoming.commands.group.id=svc.commands
                mp.messaging.incoming.ignored.topic=c.events
                mp.messaging.incoming.ignored.failure-strategy=ignore
                integrations.consumer.prune.retention=10d
                """;

        // When
        ServiceKafka service = ServiceKafka.parse("svc", properties, Set.of("svc.out"), Set.of());

        // Then
        assertEquals(Set.of("a.events", "b.events", "svc.commands", "c.events"), service.reads());
        assertEquals(Set.of("svc.events", "svc.commands", "svc"), service.groups());
        assertEquals(Set.of("svc.events.dead-letter", "dead-letter-topic-svc.commands"), service.deadLetters());
        assertEquals(Optional.of(Duration.ofDays(10)), service.pruneRetention());
    }

    @Test
    void everySendOperationNamesItsService() {
        // Given
        String catalog = """
                channels:
                  out: {address: svc.out}
                operations:
                  publish: {action: send, channel: {$ref: '#/channels/out'}}
                """;

        // When
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> EventCatalog.parse(catalog));

        // Then
        assertTrue(missing.getMessage().contains("operation publish has no x-service"), missing.getMessage());
    }

    @Test
    void theProjectsServicesAsTheChecksSeeThem() {
        // Given
        EventCatalog catalog = EventCatalog.fromProject();

        // When
        Map<String, ServiceKafka> services = ServiceKafka.ofProject(catalog).stream()
                .collect(Collectors.toMap(ServiceKafka::service, service -> service));

        // Then
        assertEquals(Set.of("token-service", "calendar-service", "mailchimp-service", "status-service"), services.keySet());
        assertEquals(Set.of("integrations.token-events"), services.get("token-service").publishes());
        assertEquals(Set.of(), services.get("token-service").reads());
        assertEquals(Set.of("status-service.rebuild."), services.get("status-service").groupPrefixes());
        assertEquals(Set.of("integrations.token-events", "integrations.calendar-events", "integrations.mailchimp-events"),
                services.get("status-service").reads());
        assertEquals(Set.of("calendar-service.token-events.dead-letter", "calendar-service.commands.dead-letter"),
                services.get("calendar-service").deadLetters());
        assertTrue(catalog.topics().containsAll(List.of("calendar.commands", "mailchimp.commands")), catalog.topics().toString());
        assertEquals(Duration.ofDays(7), KafkaRules.defaultPruneRetention());
    }
}
