package com.crm.integrations.calendar.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarLink;
import com.crm.integrations.calendar.CalendarSyncSettings;
import com.crm.integrations.calendar.SyncDirection;
import com.crm.integrations.calendar.SyncKind;
import com.crm.integrations.calendar.SyncReason;
import com.crm.integrations.calendar.SyncWindow;
import com.crm.integrations.common.events.payload.CalendarProvider;

class SyncPlanTest {

    private static final Instant NOW = Instant.parse("2026-03-10T09:30:00Z");
    private static final Duration DAY = Duration.ofDays(1);
    private static final CalendarSyncSettings SETTINGS = new CalendarSyncSettings(30, 365, SyncDirection.TWO_WAY, null);

    private static CalendarLink link() {
        return CalendarLink.forConnection("t1", "u1", "c1", CalendarProvider.GOOGLE, null, NOW);
    }

    private static CalendarLink baselined(Instant at) {
        CalendarLink link = link();
        SyncWindow window = SyncWindow.around(at, SETTINGS);
        link.syncCursor = "cursor";
        link.baselineFrom = window.from();
        link.baselineUntil = window.until();
        link.baselinedAt = at;
        return link;
    }

    @Test
    void aNewLinkListsEverythingInTodaysWindow() {
        // When
        SyncPlan plan = SyncPlan.of(link(), SETTINGS, NOW, DAY, false);

        // Then
        assertEquals(SyncKind.FULL, plan.kind());
        assertEquals(SyncReason.FIRST, plan.reason());
        assertEquals(Instant.parse("2026-02-08T00:00:00Z"), plan.window().from(), "30 days back from midnight");
        assertEquals(Instant.parse("2027-03-11T00:00:00Z"), plan.window().until(), "to the end of the 365th day ahead");
    }

    @Test
    void aBaselinedLinkListsChangesWithinItsBaselineWindow() {
        // Given
        CalendarLink link = baselined(NOW.minus(Duration.ofHours(3)));

        // When
        SyncPlan plan = SyncPlan.of(link, SETTINGS, NOW, DAY, false);

        // Then
        assertEquals(SyncKind.INCREMENTAL, plan.kind());
        assertEquals(SyncReason.SCHEDULED, plan.reason());
        assertEquals(link.baselineFrom, plan.window().from());
    }

    @Test
    void rebaselinesOnceADayAsTheWindowSlides() {
        // Given: baselined yesterday morning; the window slid by a day since
        CalendarLink link = baselined(NOW.minus(Duration.ofHours(25)));

        // When
        SyncPlan plan = SyncPlan.of(link, SETTINGS, NOW, DAY, false);

        // Then
        assertEquals(SyncKind.FULL, plan.kind());
        assertEquals(SyncReason.REBASELINE, plan.reason());
        assertEquals(SyncWindow.around(NOW, SETTINGS), plan.window());
    }

    @Test
    void aChangedWindowSettingListsEverythingAgain() {
        // Given: baselined an hour ago, then the tenant shortened the past side and lengthened the future side
        CalendarLink link = baselined(NOW.minus(Duration.ofHours(1)));
        CalendarSyncSettings changed = new CalendarSyncSettings(20, 375, SyncDirection.TWO_WAY, null);

        // When
        SyncPlan plan = SyncPlan.of(link, changed, NOW, DAY, false);

        // Then
        assertEquals(SyncKind.FULL, plan.kind());
        assertEquals(SyncReason.WINDOW_CHANGED, plan.reason());
    }

    @Test
    void aRequestedRunSaysSo() {
        // When
        SyncPlan incremental = SyncPlan.of(baselined(NOW.minus(Duration.ofHours(1))), SETTINGS, NOW, DAY, true);
        SyncPlan first = SyncPlan.of(link(), SETTINGS, NOW, DAY, true);

        // Then
        assertEquals(SyncReason.REQUESTED, incremental.reason());
        assertEquals(SyncKind.INCREMENTAL, incremental.kind());
        assertEquals(SyncReason.REQUESTED, first.reason());
        assertEquals(SyncKind.FULL, first.kind());
    }
}
