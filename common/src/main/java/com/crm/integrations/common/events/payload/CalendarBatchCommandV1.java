package com.crm.integrations.common.events.payload;

import java.util.List;

/**
 * {@code crm.integrations.calendar.batch-command.v1}, on {@code calendar.commands}: a CRM service asks calendar-service
 * to run one batch job, one operation over many events of one user's calendar link, as {@code POST /calendar/batches}
 * does. The command's id is the CloudEvent's {@code ce_id}: a command sent again with the same id is one job.
 * calendar-service answers with {@code calendar.batch-completed.v2} when the job ends (its {@code requestKey} is the
 * command's {@code ce_id}), after a {@code calendar.event-changed.v2} (origin {@code crm}) for each event it wrote.
 *
 * <p>The job's events are its {@code items} or, for a delete or a move, those its {@code filter} selects. The record
 * refuses a command that cannot be read as one job (no events, both items and a filter, more than
 * {@value #MAX_ITEMS} items, a move without its destination); what each item must carry for the operation
 * calendar-service checks, and it answers a command that breaks it with a failed job ({@code state} {@code failed},
 * with a {@code failureReason}).
 *
 * @param userId                the CRM user whose calendar link the job writes to
 * @param linkId                the calendar link, when the user has several; null: the user's only link (of
 *                              {@code provider}, when that is given)
 * @param provider              the provider whose link to write to, when the user has links at both; null: any
 * @param operation             what to do to each event: create, update, delete, or move (to
 *                              {@code destinationCalendarId})
 * @param destinationCalendarId the provider's id of the calendar of the same account to move the events to: given
 *                              exactly when the operation is a move
 * @param items                 the events, at most {@value #MAX_ITEMS}; null or empty exactly when {@code filter}
 *                              selects them
 * @param filter                which of the link's events the job takes instead of items (a delete or a move only);
 *                              null when {@code items} name them
 */
public record CalendarBatchCommandV1(
        String userId,
        String linkId,
        CalendarProvider provider,
        CalendarCommandAction operation,
        String destinationCalendarId,
        List<CalendarBatchItem> items,
        CalendarBatchFilter filter) {

    /**
     * The most items one command carries. A command is one Kafka record, which the broker caps at 1 MB by default, and
     * a sender that writes it through an outbox like ours keeps it within the outbox's payload cap
     * ({@code Outbox.MAX_PAYLOAD_BYTES}, 256 KiB): 500 items with short fields fit. A larger job goes through
     * {@code POST /calendar/batches}, which takes up to 5,000 items, or is sent as several commands (several jobs).
     */
    public static final int MAX_ITEMS = 500;

    public CalendarBatchCommandV1 {
        Checks.text(userId, "userId");
        if (linkId != null) {
            Checks.uuid(linkId, "linkId");
        }
        Checks.required(operation, "operation");
        // By wire name: move is the one operation only a batch takes
        boolean move = operation.wireName().equals("move");
        if (move) {
            Checks.text(destinationCalendarId, "destinationCalendarId (of a move)");
        } else if (destinationCalendarId != null) {
            throw new IllegalArgumentException("destinationCalendarId is given only for a move, not for a "
                    + operation.wireName());
        }
        items = items == null ? null : items(items);
        if (filter == null) {
            if (items == null || items.isEmpty()) {
                throw new IllegalArgumentException("A batch without a filter names its events in items (at least one)");
            }
        } else {
            if (items != null && !items.isEmpty()) {
                throw new IllegalArgumentException("A batch takes its events from items or from a filter, not both");
            }
            if (operation != CalendarCommandAction.DELETE && !move) {
                throw new IllegalArgumentException("Only a delete or a move takes a filter, not a " + operation.wireName());
            }
        }
    }

    private static List<CalendarBatchItem> items(List<CalendarBatchItem> items) {
        if (items.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("A command carries at most " + MAX_ITEMS + " items, was " + items.size()
                    + ": send several, or POST /calendar/batches (up to 5,000)");
        }
        for (int i = 0; i < items.size(); i++) {
            Checks.required(items.get(i), "items[" + i + "]");
        }
        return List.copyOf(items);
    }
}
