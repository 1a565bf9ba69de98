package com.crm.integrations.sandbox.mailchimp;

import java.util.EnumSet;
import java.util.Set;

/**
 * An audience webhook (PROVIDERS.md §6.1): where it posts, the events and sources it wants, and whether it still posts.
 * A 410 answer disables it for good (§6.4). Never log {@link #url()}: its query string carries the receiver's secret.
 */
public record Webhook(String id, String listId, String url, Set<EventType> events, Set<Source> sources, boolean enabled) {

    public Webhook {
        events = events.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(events));
        sources = sources.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(sources));
    }

    /** Whether a change of this type made by this source is posted here. */
    public boolean wants(EventType type, Source source) {
        return enabled && events.contains(type) && sources.contains(source);
    }

    public Webhook withSettings(String newUrl, Set<EventType> newEvents, Set<Source> newSources) {
        return new Webhook(id, listId, newUrl, newEvents, newSources, enabled);
    }

    public Webhook disabled() {
        return new Webhook(id, listId, url, events, sources, false);
    }

    @Override
    public String toString() {
        return "Webhook[" + id + ", list " + listId + "]"; // never the URL
    }
}
