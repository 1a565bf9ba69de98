package com.crm.integrations.common.outbox;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a round's sends come to: per tenant, the rows before its first refused one count as sent;
 * that row and the tenant's later ones stay pending, so the next round resends from there and a
 * tenant's events never skip ahead.
 *
 * @param acknowledged the rows to mark as sent, in send order
 * @param refused      the first refused row of each halted tenant
 * @param firstFailure why the first of them was refused (null when none was)
 */
record Settlement(List<PendingEvent> acknowledged, List<PendingEvent> refused, Throwable firstFailure) {

    /**
     * @param events   the rows, in the order they were sent
     * @param failures per row, why Kafka refused it, or null when it acknowledged it
     */
    static Settlement of(List<PendingEvent> events, List<Throwable> failures) {
        if (events.size() != failures.size()) {
            throw new IllegalArgumentException("One outcome per event: " + events.size() + " events, " + failures.size()
                    + " outcomes");
        }
        Set<String> halted = new HashSet<>();
        List<PendingEvent> acknowledged = new ArrayList<>(events.size());
        List<PendingEvent> refused = new ArrayList<>();
        Throwable firstFailure = null;
        for (int i = 0; i < events.size(); i++) {
            PendingEvent event = events.get(i);
            if (halted.contains(event.tenant())) {
                continue;
            }
            Throwable failure = failures.get(i);
            if (failure == null) {
                acknowledged.add(event);
            } else {
                halted.add(event.tenant());
                refused.add(event);
                if (firstFailure == null) {
                    firstFailure = failure;
                }
            }
        }
        return new Settlement(List.copyOf(acknowledged), List.copyOf(refused), firstFailure);
    }

    /** The positions of the acknowledged rows. */
    List<Long> acknowledgedPositions() {
        return acknowledged.stream().map(PendingEvent::position).toList();
    }
}
