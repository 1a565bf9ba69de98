package com.crm.integrations.calendar.service;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import com.crm.integrations.common.events.payload.CalendarCommandAction;
import com.crm.integrations.common.events.payload.CalendarEventFields;

/**
 * What a CRM command may carry, checked before it is stored (REST answers 422 with every problem; a command from
 * Kafka that fails the check is stored as failed and published as {@code calendar.command-failed.v1}).
 * <ul>
 * <li>A create names a title and either {@code startsAt} and {@code endsAt} or {@code allDay: true} with
 * {@code startDate} and {@code endDate} (the day after the last, so after the first).</li>
 * <li>An update names at least one field; its times and dates change together, as in a create.</li>
 * <li>A {@code timeZone} is an IANA zone and goes with times or dates; texts stay within their lengths.</li>
 * </ul>
 */
public final class CommandChecks {

    public static final int TITLE_MAX = 1024;
    public static final int LOCATION_MAX = 1024;
    public static final int DESCRIPTION_MAX = 8192;

    private CommandChecks() {
    }

    /** The command's problems, each a sentence naming its field; empty when it is fine. */
    public static List<String> problems(CalendarCommandAction action, CalendarEventFields fields) {
        List<String> problems = new ArrayList<>();
        if (action == CalendarCommandAction.MOVE) {
            problems.add("action: move is a batch's operation (POST /calendar/batches), not a single command's");
            return problems;
        }
        if (action == CalendarCommandAction.DELETE) {
            return problems;
        }
        if (fields == null) {
            problems.add("event: required for a " + action.wireName());
            return problems;
        }
        boolean create = action == CalendarCommandAction.CREATE;
        if (create && (fields.title() == null || fields.title().isBlank())) {
            problems.add("event.title: required for a create");
        } else if (fields.title() != null && fields.title().isBlank()) {
            problems.add("event.title: must not be blank");
        }
        length(problems, "event.title", fields.title(), TITLE_MAX);
        length(problems, "event.location", fields.location(), LOCATION_MAX);
        length(problems, "event.description", fields.description(), DESCRIPTION_MAX);
        timing(problems, fields, create);
        if (fields.timeZone() != null && !isZone(fields.timeZone())) {
            problems.add("event.timeZone: not an IANA time zone (such as Europe/Berlin)");
        }
        if (!create && !changesAnything(fields)) {
            problems.add("event: an update names at least one field to change");
        }
        return problems;
    }

    /** Whether the fields say when the event takes place (times or dates). */
    public static boolean hasTiming(CalendarEventFields fields) {
        return fields.allDay() != null || fields.startsAt() != null || fields.endsAt() != null || fields.startDate() != null
                || fields.endDate() != null;
    }

    private static void timing(List<String> problems, CalendarEventFields fields, boolean create) {
        boolean allDay = Boolean.TRUE.equals(fields.allDay());
        boolean times = fields.startsAt() != null || fields.endsAt() != null;
        boolean dates = fields.startDate() != null || fields.endDate() != null;
        if (!hasTiming(fields)) {
            if (create) {
                problems.add("event: a create needs startsAt and endsAt, or allDay with startDate and endDate");
            } else if (fields.timeZone() != null) {
                problems.add("event.timeZone: changes only with startsAt and endsAt, or with the dates");
            }
            return;
        }
        if (allDay) {
            if (times) {
                problems.add("event: an all-day event has startDate and endDate, not startsAt and endsAt");
            }
            if (fields.startDate() == null || fields.endDate() == null) {
                problems.add("event: an all-day event needs both startDate and endDate");
            } else if (!fields.endDate().isAfter(fields.startDate())) {
                problems.add("event.endDate: must be after startDate (it is the day after the last day)");
            }
            return;
        }
        if (dates) {
            problems.add("event: startDate and endDate go with allDay: true");
        }
        if (fields.startsAt() == null || fields.endsAt() == null) {
            problems.add("event: startsAt and endsAt go together");
        } else if (fields.endsAt().isBefore(fields.startsAt())) {
            problems.add("event.endsAt: must not be before startsAt");
        }
    }

    private static boolean changesAnything(CalendarEventFields fields) {
        return fields.title() != null || fields.description() != null || fields.location() != null || hasTiming(fields);
    }

    private static void length(List<String> problems, String name, String value, int max) {
        if (value != null && value.codePointCount(0, value.length()) > max) {
            problems.add(name + ": at most " + max + " characters");
        }
    }

    private static boolean isZone(String zone) {
        if (zone.equals("UTC")) {
            return true;
        }
        try {
            return zone.contains("/") && ZoneId.of(zone) != null;
        } catch (DateTimeException unknown) {
            return false;
        }
    }
}
