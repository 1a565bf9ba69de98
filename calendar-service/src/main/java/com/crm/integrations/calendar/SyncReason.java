package com.crm.integrations.calendar;

import com.crm.integrations.common.events.payload.WireNamed;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a sync run started. */
public enum SyncReason implements WireNamed {
    /** The link is new: its first full listing. */
    FIRST("first"),
    /** The link's turn came. */
    SCHEDULED("scheduled"),
    /** Someone asked (POST /calendar/links/{id}/syncs). */
    REQUESTED("requested"),
    /** The provider invalidated the cursor (Google 410 fullSyncRequired, Graph syncStateNotFound). */
    RESYNC("resync"),
    /** The daily full listing: the window slid, and a cursor never reports unchanged events that entered it. */
    REBASELINE("rebaseline"),
    /** The tenant changed the sync window. */
    WINDOW_CHANGED("window_changed"),
    /** The connection reached another account, or the link another calendar: everything starts over. */
    ACCOUNT_CHANGED("account_changed");

    private final String wireName;

    SyncReason(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
        return wireName;
    }
}
