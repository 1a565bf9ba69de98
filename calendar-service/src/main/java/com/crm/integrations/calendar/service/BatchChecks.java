package com.crm.integrations.calendar.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.crm.integrations.common.events.payload.CalendarCommandAction;
import com.crm.integrations.common.events.payload.CalendarEventCommandV1;

/**
 * What a batch job may ask, checked whole before anything is stored or sent: every problem is a sentence that names
 * the item ({@code items[3]}) and the field. A job with any problem is refused as a whole (REST: 422; a command from
 * Kafka: a failed job).
 * <ul>
 * <li>An operation; items, or (a delete or move only) a filter, not both; at most the limit of items.</li>
 * <li>Each item names its CRM activity ({@code crmEventId}) or, for a delete or move, a provider event
 * ({@code eventId}), once per job; a create or update carries the event's fields as a single command's would
 * ({@link CommandChecks}), a delete or move none.</li>
 * <li>A move names the destination calendar; nothing else does.</li>
 * </ul>
 */
public final class BatchChecks {

    /** The most problems one answer lists; the rest are counted. */
    static final int PROBLEMS_LISTED = 50;
    static final int EVENT_ID_MAX = 1024;

    private BatchChecks() {
    }

    /** The order's problems, each a sentence naming its field; empty when it is fine. */
    public static List<String> problems(BatchOrder order, int maxItems) {
        List<String> problems = new ArrayList<>();
        CalendarCommandAction operation = order.operation();
        if (operation == null) {
            problems.add("operation: required (create, update, delete or move)");
            return problems;
        }
        boolean hasItems = order.items() != null && !order.items().isEmpty();
        boolean writes = operation == CalendarCommandAction.CREATE || operation == CalendarCommandAction.UPDATE;
        if (order.filtered()) {
            if (hasItems) {
                problems.add("filter: a job names its items or a filter, not both");
            }
            if (writes) {
                problems.add("filter: only a delete or move selects its events by a filter");
            }
            if (order.endedBefore() == null) {
                problems.add("filter.endedBefore: required");
            }
        } else if (!hasItems) {
            problems.add("items: at least one item" + (writes ? "" : " (or a filter)"));
        }
        if (hasItems && order.items().size() > maxItems) {
            problems.add(String.format("items: at most %,d per job (%,d given)", maxItems, order.items().size()));
            return problems;
        }
        if (operation == CalendarCommandAction.MOVE && (order.destination() == null || order.destination().isBlank())) {
            problems.add("destinationCalendarId: required for a move");
        } else if (operation != CalendarCommandAction.MOVE && order.destination() != null) {
            problems.add("destinationCalendarId: only a move names one");
        }
        if (hasItems) {
            items(problems, order.items(), operation);
        }
        return listed(problems);
    }

    private static void items(List<String> problems, List<BatchOrder.Item> items, CalendarCommandAction operation) {
        boolean writes = operation == CalendarCommandAction.CREATE || operation == CalendarCommandAction.UPDATE;
        Map<String, Integer> activities = new HashMap<>();
        Map<String, Integer> events = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String at = "items[" + i + "]";
            BatchOrder.Item item = items.get(i);
            if (item == null) {
                problems.add(at + ": must not be null");
                continue;
            }
            boolean activity = item.crmEventId() != null;
            boolean event = item.eventId() != null;
            if (activity && event) {
                problems.add(at + ": names crmEventId or eventId, not both");
            } else if (!activity && !event) {
                problems.add(at + ".crmEventId: required" + (writes ? "" : " (or eventId)"));
            } else if (event && writes) {
                problems.add(at + ".eventId: a " + operation.wireName() + " names the CRM activity (crmEventId), not an event");
            }
            if (activity) {
                String id = item.crmEventId();
                if (id.isBlank()) {
                    problems.add(at + ".crmEventId: must not be blank");
                } else if (id.codePointCount(0, id.length()) > CalendarEventCommandV1.CRM_EVENT_ID_MAX_LENGTH) {
                    problems.add(at + ".crmEventId: at most " + CalendarEventCommandV1.CRM_EVENT_ID_MAX_LENGTH + " characters");
                }
                Integer first = activities.putIfAbsent(id, i);
                if (first != null) {
                    problems.add(at + ".crmEventId: the activity appears again (first at items[" + first + "]): a job holds each once");
                }
            }
            if (event) {
                String id = item.eventId();
                if (id.isBlank()) {
                    problems.add(at + ".eventId: must not be blank");
                } else if (id.length() > EVENT_ID_MAX) {
                    problems.add(at + ".eventId: at most " + EVENT_ID_MAX + " characters");
                }
                Integer first = events.putIfAbsent(id, i);
                if (first != null) {
                    problems.add(at + ".eventId: the event appears again (first at items[" + first + "]): a job holds each once");
                }
            }
            if (writes) {
                for (String problem : CommandChecks.problems(operation, item.event())) {
                    problems.add(at + "." + problem);
                }
            } else if (item.event() != null) {
                problems.add(at + ".event: only a create or update carries the event's fields");
            }
        }
    }

    static List<String> listed(List<String> problems) {
        if (problems.size() <= PROBLEMS_LISTED) {
            return problems;
        }
        List<String> listed = new ArrayList<>(problems.subList(0, PROBLEMS_LISTED));
        listed.add(String.format("… and %,d more", problems.size() - PROBLEMS_LISTED));
        return listed;
    }
}
