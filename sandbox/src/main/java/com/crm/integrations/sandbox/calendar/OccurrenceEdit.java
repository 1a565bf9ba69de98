package com.crm.integrations.sandbox.calendar;

/** The JSON body of {@code PATCH …/events/{id}/occurrences/{originalStart}}: that occurrence's own title or time (an exception). */
public record OccurrenceEdit(String title, String start, String end) {
}
