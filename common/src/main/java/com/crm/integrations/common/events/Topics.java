package com.crm.integrations.common.events;

/**
 * Kafka topic names. Each publishing service writes to one topic, keyed by tenant id, so one
 * tenant's events from one service stay in order whatever their type; consumers select by
 * {@code ce_type}. The CRM's services publish commands on the two command topics.
 */
public final class Topics {

    public static final String TOKEN_EVENTS = "integrations.token-events";
    public static final String CALENDAR_EVENTS = "integrations.calendar-events";
    public static final String MAILCHIMP_EVENTS = "integrations.mailchimp-events";
    public static final String CALENDAR_COMMANDS = "calendar.commands";
    public static final String MAILCHIMP_COMMANDS = "mailchimp.commands";

    /** Suffix of the topic where a consumer parks what it cannot process. */
    public static final String DEAD_LETTER_SUFFIX = ".dead-letter";

    private Topics() {
    }

    /** The dead-letter topic of a consumer group: one per consumer, so a replay targets one. */
    public static String deadLetterOf(String consumerGroup) {
        if (consumerGroup == null || consumerGroup.isBlank()) {
            throw new IllegalArgumentException("A dead-letter topic belongs to a consumer group");
        }
        return consumerGroup + DEAD_LETTER_SUFFIX;
    }
}
