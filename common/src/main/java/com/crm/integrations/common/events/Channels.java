package com.crm.integrations.common.events;

/**
 * Reactive Messaging channel names (configuration keys {@code mp.messaging.*.<channel>.*}), as
 * opposed to the Kafka topics in {@link Topics}.
 */
public final class Channels {

    /**
     * The outbox relay's outgoing channel: one idempotent producer per service; each record names
     * its topic (the row's), its key (the tenant) and its CloudEvent attributes.
     */
    public static final String OUTBOX = "integrations-outbox";

    /**
     * status-service's incoming channel: token-service's, calendar-service's and mailchimp-service's topics, read a poll
     * at a time ({@code batch=true}).
     */
    public static final String STATUS_EVENTS = "status-events";

    private Channels() {
    }
}
