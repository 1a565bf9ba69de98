package com.crm.integrations.calendar.service;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.crm.integrations.calendar.CalendarLink;
import com.crm.integrations.calendar.CalendarSyncSettings;
import com.crm.integrations.calendar.SyncKind;
import com.crm.integrations.calendar.SyncReason;
import com.crm.integrations.calendar.SyncWindow;

/**
 * What a link's next run lists, and why: a full listing over today's window when the link has no
 * cursor, when the tenant changed the window, or once a day (the window slides, and a cursor never
 * reports the unchanged events that slide into it); otherwise the changes since the cursor, filtered
 * by the window of the last full listing.
 */
public record SyncPlan(SyncKind kind, SyncReason reason, SyncWindow window) {

    /** The plan for {@code link} at {@code now}; {@code requested} names a run someone asked for. */
    public static SyncPlan of(CalendarLink link, CalendarSyncSettings settings, Instant now, Duration rebaselineAfter,
            boolean requested) {
        SyncWindow today = SyncWindow.around(now, settings);
        if (link.syncCursor == null || link.baselineFrom == null || link.baselineUntil == null) {
            SyncReason reason = requested ? SyncReason.REQUESTED
                    : link.lastSuccessAt == null ? SyncReason.FIRST : SyncReason.ACCOUNT_CHANGED;
            return new SyncPlan(SyncKind.FULL, reason, today);
        }
        SyncWindow baseline = new SyncWindow(link.baselineFrom, link.baselineUntil);
        if (link.baselinedAt == null || !sameSetting(baseline, today, link.baselinedAt, now)) {
            return new SyncPlan(SyncKind.FULL, SyncReason.WINDOW_CHANGED, today);
        }
        if (!now.isBefore(link.baselinedAt.plus(rebaselineAfter))) {
            return new SyncPlan(SyncKind.FULL, SyncReason.REBASELINE, today);
        }
        return new SyncPlan(SyncKind.INCREMENTAL, requested ? SyncReason.REQUESTED : SyncReason.SCHEDULED, baseline);
    }

    /**
     * Whether today's window is the baseline's slid forward by the days that passed since the baseline,
     * as time alone moves it; any other difference is a changed setting.
     */
    private static boolean sameSetting(SyncWindow baseline, SyncWindow today, Instant baselinedAt, Instant now) {
        Duration days = Duration.between(baselinedAt.truncatedTo(ChronoUnit.DAYS), now.truncatedTo(ChronoUnit.DAYS));
        return Duration.between(baseline.from(), today.from()).equals(days)
                && Duration.between(baseline.until(), today.until()).equals(days);
    }
}
