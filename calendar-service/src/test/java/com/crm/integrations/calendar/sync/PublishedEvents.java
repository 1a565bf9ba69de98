package com.crm.integrations.calendar.sync;

import java.util.List;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.events.AsyncApiCatalog;
import com.crm.integrations.testing.events.TopicReader;
import com.crm.integrations.testing.events.TopicReader.PublishedEvent;

import io.restassured.path.json.JsonPath;

/**
 * What calendar-service published on {@code integrations.calendar-events}, per tenant, as the CRM reads it:
 * one reader for the test JVM, from the topic's start.
 */
public final class PublishedEvents {

    public static final String SYNCED = EventType.CALENDAR_SYNCED_V2.type();
    public static final String CHANGED = EventType.CALENDAR_EVENT_CHANGED_V2.type();
    public static final String FAILED = EventType.CALENDAR_SYNC_FAILED_V2.type();

    private static final AsyncApiCatalog CATALOG = AsyncApiCatalog.fromProjectRoot();
    private static TopicReader reader;

    private PublishedEvents() {
    }

    private static synchronized TopicReader topic() {
        if (reader == null) {
            reader = TopicReader.of(Topics.CALENDAR_EVENTS);
        }
        return reader;
    }

    /** Waits for the tenant's {@code count}-th event of {@code type}; answers its payload. */
    public static JsonPath await(TestUser user, String type, int count) {
        return payload(topic().awaitType(user.tenant(), type, count).get(count - 1));
    }

    /** Waits until the tenant has {@code count} events of {@code type}; answers them all. */
    public static List<JsonPath> awaitAll(TestUser user, String type, int count) {
        return topic().awaitType(user.tenant(), type, count).stream().map(PublishedEvents::payload).toList();
    }

    /** The tenant's events of {@code type} so far. */
    public static List<JsonPath> of(TestUser user, String type) {
        return topic().ofTenant(user.tenant()).stream().filter(event -> type.equals(event.type())).map(PublishedEvents::payload).toList();
    }

    /** The tenant's {@code calendar.event-changed.v2} payloads of one kind of change ({@code created}, …). */
    public static List<JsonPath> changes(TestUser user, String change) {
        return of(user, CHANGED).stream().filter(payload -> change.equals(payload.getString("change"))).toList();
    }

    /** Holds every event the tenant got against the catalogue. */
    public static void assertConformToTheCatalogue(TestUser user) {
        topic().ofTenant(user.tenant()).forEach(event -> CATALOG.assertConforms(event.topic(), event.key(), event.headers(), event.value()));
    }

    private static JsonPath payload(PublishedEvent event) {
        return new JsonPath(event.json());
    }
}
