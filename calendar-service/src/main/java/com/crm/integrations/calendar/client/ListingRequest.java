package com.crm.integrations.calendar.client;

import com.crm.integrations.calendar.SyncWindow;

/**
 * Which page of a listing to fetch: a full listing over {@code window} when {@code syncCursor} is null,
 * else the changes since it; from the first page when {@code nextPage} is null, else that page.
 */
public record ListingRequest(String calendarId, SyncWindow window, String syncCursor, String nextPage) {

    public boolean isFull() {
        return syncCursor == null;
    }
}
