package com.crm.integrations.calendar.client;

/** What a write to a provider's calendar came to. */
public sealed interface WriteResult {

    /** The provider holds the event as it answered (a create, or an update). */
    record Written(ProviderEvent event) implements WriteResult {
    }

    /** The event was removed (or was gone already, which is the same to a delete). */
    record Removed() implements WriteResult {
    }

    /** There is no such event (404, or 410: deleted). */
    record Gone() implements WriteResult {
    }

    /** The event changed since the version named in {@code If-Match} (412): someone else edited it. */
    record Stale() implements WriteResult {
    }
}
