package com.crm.integrations.calendar.client;

import java.util.List;
import java.util.Objects;

/**
 * One page of a calendar listing: its changes, and either where the listing goes on
 * ({@code nextPage}: Google's {@code pageToken}, Graph's {@code @odata.nextLink}) or, on the last page,
 * the cursor of the next incremental listing ({@code syncCursor}: Google's {@code nextSyncToken},
 * Graph's {@code @odata.deltaLink}). Exactly one of the two is present.
 */
public record ListingPage(List<Change> changes, String nextPage, String syncCursor) {

    public ListingPage {
        changes = List.copyOf(changes);
        if ((nextPage == null) == (syncCursor == null)) {
            throw new IllegalArgumentException("A page has either a next page or the sync cursor");
        }
    }

    public boolean isLast() {
        return syncCursor != null;
    }

    /** What the provider says about one event. */
    public sealed interface Change permits Upsert, Removal {
        String providerEventId();
    }

    /** The event exists as given (new, changed, or unchanged in a full listing). */
    public record Upsert(ProviderEvent event) implements Change {
        public Upsert {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public String providerEventId() {
            return event.providerEventId();
        }
    }

    /**
     * The event was deleted or cancelled (Google {@code status: cancelled}, Graph {@code @removed} or
     * {@code isCancelled}); Graph also says so for an event that only left the window.
     *
     * @param seriesId      the series of a cancelled occurrence, when the provider says
     * @param originalStart its original start, with {@code seriesId}
     * @param mayStillExist Graph's {@code @removed}: the event may merely have left the window
     */
    public record Removal(String providerEventId, String seriesId, java.time.Instant originalStart, boolean mayStillExist)
            implements Change {
        public Removal {
            Objects.requireNonNull(providerEventId, "providerEventId");
        }
    }
}
