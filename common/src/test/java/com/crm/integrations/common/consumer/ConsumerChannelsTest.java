package com.crm.integrations.common.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConsumerChannelsTest {

    private static Map<String, String> channel(String name, String group, String deadLetter) {
        Map<String, String> properties = new HashMap<>();
        properties.put("mp.messaging.connector.smallrye-kafka.failure-strategy", "dead-letter-queue");
        properties.put("mp.messaging.incoming." + name + ".connector", "smallrye-kafka");
        if (group != null) {
            properties.put("mp.messaging.incoming." + name + ".group.id", group);
        }
        if (deadLetter != null) {
            properties.put("mp.messaging.incoming." + name + ".dead-letter-queue.topic", deadLetter);
        }
        return properties;
    }

    @Test
    void acceptsAChannelThatParksOnItsGroupsDeadLetterTopic() {
        assertEquals(List.of(), ConsumerChannels.problems(channel("token-events", "calendar-service.token-events",
                "calendar-service.token-events.dead-letter")));
    }

    @Test
    void refusesAChannelWithoutAGroup() {
        assertEquals(List.of("token-events has no group.id (a consumer's name: <service>.<what it reads>)"),
                ConsumerChannels.problems(channel("token-events", null, "x.dead-letter")));
    }

    @Test
    void refusesAChannelWithoutItsDeadLetterTopic() {
        assertEquals(List.of("token-events must set dead-letter-queue.topic=calendar-service.token-events.dead-letter"),
                ConsumerChannels.problems(channel("token-events", "calendar-service.token-events", null)));
    }

    @Test
    void refusesAChannelThatWouldHaltOnFailure() {
        Map<String, String> properties = channel("token-events", "g", "g.dead-letter");
        properties.put("mp.messaging.incoming.token-events.failure-strategy", "fail");
        assertEquals(List.of("token-events has failure-strategy fail, not dead-letter-queue"),
                ConsumerChannels.problems(properties));
    }

    @Test
    void ignoresChannelsOfOtherConnectors() {
        Map<String, String> properties = new HashMap<>();
        properties.put("mp.messaging.incoming.local.connector", "smallrye-in-memory");
        assertEquals(List.of(), ConsumerChannels.problems(properties));
    }
}
