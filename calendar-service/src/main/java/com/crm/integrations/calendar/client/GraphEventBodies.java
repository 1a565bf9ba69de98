package com.crm.integrations.calendar.client;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.crm.integrations.common.events.payload.CalendarEventFields;

import io.vertx.core.json.JsonObject;

/**
 * The Graph event (PROVIDERS.md §4.2) of a CRM activity's fields: those given, nothing else. Times go as local
 * date-times in the event's zone (UTC when it names none) with the zone's name, as Graph takes them; an all-day
 * event runs midnight to midnight.
 */
final class GraphEventBodies {

    private GraphEventBodies() {
    }

    static JsonObject of(CalendarEventFields fields) {
        JsonObject body = new JsonObject();
        if (fields.title() != null) {
            body.put("subject", fields.title());
        }
        if (fields.description() != null) {
            body.put("body", new JsonObject().put("contentType", "text").put("content", fields.description()));
        }
        if (fields.location() != null) {
            body.put("location", new JsonObject().put("displayName", fields.location()));
        }
        String zone = fields.timeZone() == null ? "UTC" : fields.timeZone();
        if (Boolean.TRUE.equals(fields.allDay())) {
            body.put("isAllDay", true);
            body.put("start", midnight(fields.startDate(), zone));
            body.put("end", midnight(fields.endDate(), zone));
        } else if (fields.startsAt() != null) {
            body.put("isAllDay", false);
            body.put("start", local(fields.startsAt(), zone));
            body.put("end", local(fields.endsAt(), zone));
        }
        return body;
    }

    private static JsonObject local(Instant at, String zone) {
        ZoneId id = zone.equals("UTC") ? ZoneOffset.UTC : ZoneId.of(zone);
        return new JsonObject().put("dateTime", at.atZone(id).toLocalDateTime().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)).put("timeZone", zone);
    }

    private static JsonObject midnight(LocalDate date, String zone) {
        return new JsonObject().put("dateTime", date.atStartOfDay().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)).put("timeZone", zone);
    }
}
