package com.crm.integrations.common.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventTypeTest {

    /** The types the CRM's services send and ours take; every other type is one our services publish. */
    private static final Set<EventType> COMMANDS = EnumSet.of(EventType.CALENDAR_EVENT_COMMAND,
            EventType.CALENDAR_BATCH_COMMAND, EventType.MAILCHIMP_MEMBER_COMMAND, EventType.MAILCHIMP_SUBSCRIBE_COMMAND,
            EventType.MAILCHIMP_CAMPAIGN_COMMAND);

    @ParameterizedTest
    @EnumSource(EventType.class)
    void namesEachTypeWithPrefixAndVersion(EventType type) {
        assertTrue(type.type().matches("crm\\.integrations\\.[a-z][a-z-]*\\.[a-z-]+\\.v[1-9][0-9]*"), type.type());
    }

    @Test
    void publishesOnlyOnTheThreeServiceTopics() {
        // When
        Set<String> topics = Arrays.stream(EventType.values())
                .filter(type -> !COMMANDS.contains(type))
                .map(EventType::topic)
                .collect(Collectors.toSet());
        // Then
        assertEquals(Set.of(Topics.TOKEN_EVENTS, Topics.CALENDAR_EVENTS, Topics.MAILCHIMP_EVENTS), topics);
    }

    @Test
    void takesCommandsOnlyOnTheCommandTopics() {
        // When
        Set<String> topics = COMMANDS.stream().map(EventType::topic).collect(Collectors.toSet());
        // Then
        assertTrue(Set.of(Topics.CALENDAR_COMMANDS, Topics.MAILCHIMP_COMMANDS).containsAll(topics), topics.toString());
    }

    @Test
    void findsATypeByItsCloudEventAttribute() {
        assertEquals(Optional.of(EventType.TOKEN_REFRESHED), EventType.ofType("crm.integrations.token.refreshed.v1"));
        assertEquals(Optional.empty(), EventType.ofType("crm.integrations.token.refreshed.v9"));
        assertEquals(Optional.empty(), EventType.ofType(null));
    }

    @Test
    void namesADeadLetterTopicPerConsumerGroup() {
        assertEquals("status-service.dead-letter", Topics.deadLetterOf("status-service"));
        assertThrows(IllegalArgumentException.class, () -> Topics.deadLetterOf(" "));
    }
}
