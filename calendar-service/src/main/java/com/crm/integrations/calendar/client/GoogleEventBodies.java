package com.crm.integrations.calendar.client;

import com.crm.integrations.common.events.payload.CalendarEventFields;

import io.vertx.core.json.JsonObject;

/** The Event resource (PROVIDERS.md §2.3) of a CRM activity's fields: those given, nothing else. */
final class GoogleEventBodies {

    private GoogleEventBodies() {
    }

    /** @param id the client-chosen event id of a create; null for an update */
    static JsonObject of(CalendarEventFields fields, String id) {
        JsonObject body = new JsonObject();
        if (id != null) {
            body.put("id", id);
        }
        if (fields.title() != null) {
            body.put("summary", fields.title());
        }
        if (fields.description() != null) {
            body.put("description", fields.description());
        }
        if (fields.location() != null) {
            body.put("location", fields.location());
        }
        if (Boolean.TRUE.equals(fields.allDay())) {
            body.put("start", new JsonObject().put("date", fields.startDate().toString()));
            body.put("end", new JsonObject().put("date", fields.endDate().toString()));
        } else if (fields.startsAt() != null) {
            body.put("start", time(fields.startsAt().toString(), fields.timeZone()));
            body.put("end", time(fields.endsAt().toString(), fields.timeZone()));
        }
        return body;
    }

    private static JsonObject time(String dateTime, String zone) {
        JsonObject time = new JsonObject().put("dateTime", dateTime);
        return zone == null ? time : time.put("timeZone", zone);
    }
}
