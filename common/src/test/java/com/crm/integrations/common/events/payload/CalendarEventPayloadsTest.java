package com.crm.integrations.common.events.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.crm.integrations.common.retry.FailureCategory;

/** The checks of calendar.synced.v2, calendar.sync-failed.v2 and calendar.event-changed.v2: a malformed event is never written. */
class CalendarEventPayloadsTest {

    private static final Instant AT = Instant.parse("2026-03-02T10:15:30Z");
    private static final String LINK = "0f8e2d4c-6b1a-4c9e-8d7f-3a2b1c0d9e8f";
    private static final LocalDate DAY = LocalDate.parse("2026-03-05");
    private static final Instant NINE = Instant.parse("2026-03-05T09:00:00Z");
    private static final String REASON = "Outlook no longer accepts this connection: reconnect your Microsoft account.";

    // calendar.synced.v2

    @Test
    void syncedTakesALinkWhoseEventsHaveAllEnded() {
        // When
        CalendarSyncedV2 synced = synced(LINK, 412, 0);
        // Then
        assertEquals(412, synced.totalEvents());
        assertEquals(0, synced.upcomingEvents());
    }

    @Test
    void syncedTakesALinkWhoseEventsAreAllUpcoming() {
        // When
        CalendarSyncedV2 synced = synced(LINK, 7, 7);
        // Then
        assertEquals(7, synced.upcomingEvents());
    }

    @Test
    void syncedRefusesMoreUpcomingEventsThanItHolds() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> synced(LINK, 3, 4));
        // Then
        assertEquals("upcomingEvents (4) are some of the link's events, so at most totalEvents (3)", refused.getMessage());
    }

    @Test
    void syncedRefusesNegativeCounts() {
        assertThrows(IllegalArgumentException.class, () -> synced(LINK, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> synced(LINK, 3, -1));
        assertThrows(IllegalArgumentException.class, () -> new CalendarSyncedV2("c-1", LINK, CalendarProvider.GOOGLE, "user-42",
                "primary", false, -1, 0, 0, 0, 0, AT));
    }

    @Test
    void syncedRefusesWhatV1Refuses() {
        assertThrows(IllegalArgumentException.class, () -> new CalendarSyncedV2(" ", LINK, CalendarProvider.GOOGLE, "user-42",
                "primary", false, 0, 0, 0, 0, 0, AT));
        assertThrows(NullPointerException.class, () -> new CalendarSyncedV2("c-1", LINK, null, "user-42", "primary", false,
                0, 0, 0, 0, 0, AT));
        assertThrows(NullPointerException.class, () -> new CalendarSyncedV2("c-1", LINK, CalendarProvider.GOOGLE, "user-42",
                "primary", false, 0, 0, 0, 0, 0, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "c-1", "0F8E2D4C-6B1A-4C9E-8D7F-3A2B1C0D9E8F", "0f8e2d4c6b1a4c9e8d7f3a2b1c0d9e8f",
            "{0f8e2d4c-6b1a-4c9e-8d7f-3a2b1c0d9e8f}", "0f8e2d4c-6b1a-4c9e-8d7f-3a2b1c0d9e8"})
    void everyV2RefusesALinkIdThatIsNotACanonicalUuid(String linkId) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> synced(linkId, 0, 0));
        assertEquals("linkId must be a UUID in canonical form (8-4-4-4-12 lower-case hex digits)", refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> failed(linkId, FailureCategory.AUTH,
                RequiredAction.USER_MUST_RECONNECT, REASON, 1));
        assertThrows(IllegalArgumentException.class, () -> timed(linkId, null, null));
    }

    @Test
    void everyV2RequiresALinkId() {
        assertThrows(NullPointerException.class, () -> synced(null, 0, 0));
        assertThrows(NullPointerException.class, () -> failed(null, FailureCategory.AUTH, RequiredAction.USER_MUST_RECONNECT,
                REASON, 1));
        assertThrows(NullPointerException.class, () -> timed(null, null, null));
    }

    // calendar.sync-failed.v2

    @Test
    void requiredActionFollowsTheCategory() {
        // When
        Map<FailureCategory, RequiredAction> actions = Map.of(
                FailureCategory.TRANSIENT, CalendarSyncFailedV2.requiredActionFor(FailureCategory.TRANSIENT, false),
                FailureCategory.RATE_LIMIT, CalendarSyncFailedV2.requiredActionFor(FailureCategory.RATE_LIMIT, false),
                FailureCategory.AUTH, CalendarSyncFailedV2.requiredActionFor(FailureCategory.AUTH, false),
                FailureCategory.MISCONFIGURED, CalendarSyncFailedV2.requiredActionFor(FailureCategory.MISCONFIGURED, false),
                FailureCategory.PERMANENT, CalendarSyncFailedV2.requiredActionFor(FailureCategory.PERMANENT, false));
        // Then
        assertEquals(Map.of(
                FailureCategory.TRANSIENT, RequiredAction.WAIT_AND_RETRY,
                FailureCategory.RATE_LIMIT, RequiredAction.WAIT_AND_RETRY,
                FailureCategory.AUTH, RequiredAction.USER_MUST_RECONNECT,
                FailureCategory.MISCONFIGURED, RequiredAction.OPERATOR_MUST_FIX,
                FailureCategory.PERMANENT, RequiredAction.OPERATOR_MUST_FIX), actions);
    }

    @Test
    void aCalendarThatIsGoneIsTheUsersToReplace() {
        // When
        RequiredAction action = CalendarSyncFailedV2.requiredActionFor(FailureCategory.PERMANENT, true);
        // Then
        assertEquals(RequiredAction.USER_MUST_CHOOSE_CALENDAR, action);
        assertEquals("user_must_choose_calendar", action.wireName());
    }

    @ParameterizedTest
    @EnumSource(value = FailureCategory.class, names = "PERMANENT", mode = EnumSource.Mode.EXCLUDE)
    void onlyAPermanentFailureSaysTheCalendarIsGone(FailureCategory category) {
        assertThrows(IllegalArgumentException.class, () -> CalendarSyncFailedV2.requiredActionFor(category, true));
    }

    @ParameterizedTest
    @EnumSource(FailureCategory.class)
    void syncFailedTakesTheActionOfItsCategory(FailureCategory category) {
        // When
        CalendarSyncFailedV2 failed = failed(LINK, category, CalendarSyncFailedV2.requiredActionFor(category, false), REASON, 1);
        // Then
        assertEquals(CalendarSyncFailedV2.requiredActionFor(category, false), failed.requiredAction());
    }

    @Test
    void syncFailedTakesAGoneCalendar() {
        // When
        CalendarSyncFailedV2 failed = failed(LINK, FailureCategory.PERMANENT, RequiredAction.USER_MUST_CHOOSE_CALENDAR,
                "The synced Outlook calendar no longer exists: choose another calendar to sync.", 1);
        // Then
        assertEquals(RequiredAction.USER_MUST_CHOOSE_CALENDAR, failed.requiredAction());
    }

    @Test
    void syncFailedRefusesAnActionThatDoesNotFitItsCategory() {
        for (FailureCategory category : FailureCategory.values()) {
            for (RequiredAction action : RequiredAction.values()) {
                boolean fits = action == CalendarSyncFailedV2.requiredActionFor(category, false)
                        || category == FailureCategory.PERMANENT && action == RequiredAction.USER_MUST_CHOOSE_CALENDAR;
                if (!fits) {
                    assertThrows(IllegalArgumentException.class, () -> failed(LINK, category, action, REASON, 1),
                            category + " " + action);
                }
            }
        }
    }

    @Test
    void syncFailedSaysWhichActionsFitItsCategory() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> failed(LINK, FailureCategory.PERMANENT, RequiredAction.NONE, REASON, 1));
        // Then
        assertEquals("requiredAction of a permanent failure must be user_must_choose_calendar (the calendar is gone) or"
                + " operator_must_fix, was none", refused.getMessage());
    }

    @Test
    void syncFailedRequiresAnAction() {
        assertThrows(NullPointerException.class, () -> failed(LINK, FailureCategory.AUTH, null, REASON, 1));
    }

    @Test
    void syncFailedTakesAReasonOfFiveHundredCharactersBeyondTheBasicPlane() {
        // Given
        String reason = "📅".repeat(CalendarSyncFailedV2.REASON_MAX_LENGTH); // 1,000 UTF-16 chars, 500 code points
        // When
        CalendarSyncFailedV2 failed = failed(LINK, FailureCategory.AUTH, RequiredAction.USER_MUST_RECONNECT, reason, 1);
        // Then
        assertEquals(reason, failed.reason());
    }

    @Test
    void syncFailedRefusesALongerReason() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> failed(LINK,
                FailureCategory.AUTH, RequiredAction.USER_MUST_RECONNECT, "a".repeat(501), 1));
        // Then
        assertEquals("reason must be at most 500 characters, was 501", refused.getMessage());
    }

    @Test
    void syncFailedRequiresAReason() {
        assertThrows(NullPointerException.class, () -> failed(LINK, FailureCategory.AUTH, RequiredAction.USER_MUST_RECONNECT,
                null, 1));
        assertThrows(IllegalArgumentException.class, () -> failed(LINK, FailureCategory.AUTH,
                RequiredAction.USER_MUST_RECONNECT, " \t", 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Reconnect Google.\nThen sync again.", "Reconnect\tGoogle.", "Reconnect Google.\r",
            "Reconnect\u0000Google."})
    void syncFailedRefusesAReasonOfMoreThanOneLine(String reason) {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> failed(LINK,
                FailureCategory.AUTH, RequiredAction.USER_MUST_RECONNECT, reason, 1));
        // Then
        assertEquals("reason must be one line without control characters", refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Refused eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIn0.c2lnbmF0dXJl",
            "Google said: Bearer ya29 was refused",
            "The token ya29.a0AfB_byC was refused",
            "The grant 1//0gLx9 is dead"})
    void syncFailedRefusesAReasonShapedLikeACredential(String reason) {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> failed(LINK,
                FailureCategory.AUTH, RequiredAction.USER_MUST_RECONNECT, reason, 1));
        // Then
        assertEquals("reason must not hold anything shaped like a token or credential", refused.getMessage());
    }

    @Test
    void syncFailedCountsThisFailure() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> failed(LINK,
                FailureCategory.AUTH, RequiredAction.USER_MUST_RECONNECT, REASON, 0));
        // Then
        assertEquals("consecutiveFailures counts this failure too, so it is at least 1, was 0", refused.getMessage());
    }

    @Test
    void syncFailedRefusesWhatV1Refuses() {
        assertThrows(NullPointerException.class, () -> new CalendarSyncFailedV2("c-1", LINK, CalendarProvider.GOOGLE,
                "user-42", "primary", null, null, RequiredAction.WAIT_AND_RETRY, REASON, null, 1, AT));
        assertThrows(IllegalArgumentException.class, () -> new CalendarSyncFailedV2("c-1", LINK, CalendarProvider.GOOGLE,
                "user-42", "primary", FailureCategory.TRANSIENT, "", RequiredAction.WAIT_AND_RETRY, REASON, null, 1, AT));
        assertThrows(NullPointerException.class, () -> new CalendarSyncFailedV2("c-1", LINK, CalendarProvider.GOOGLE,
                "user-42", "primary", FailureCategory.TRANSIENT, null, RequiredAction.WAIT_AND_RETRY, REASON, null, 1, null));
    }

    // calendar.event-changed.v2

    @Test
    void eventChangedTakesATimedEvent() {
        // When
        CalendarEventChangedV2 changed = timed(LINK, null, null);
        // Then
        assertEquals(NINE, changed.startsAt());
        assertNull(changed.startDate());
    }

    @Test
    void eventChangedTakesAnAllDayEventAtMidnightUtcOfItsDates() {
        // When
        CalendarEventChangedV2 changed = allDay(CalendarEventChange.CREATED, DAY, DAY.plusDays(2),
                Instant.parse("2026-03-05T00:00:00Z"), Instant.parse("2026-03-07T00:00:00Z"));
        // Then
        assertEquals(DAY, changed.startDate());
        assertEquals(DAY.plusDays(2), changed.endDate());
    }

    @Test
    void midnightUtcIsTheStartOfTheDayInUtc() {
        assertEquals(Instant.parse("2026-03-05T00:00:00Z"), CalendarEventChangedV2.midnightUtc(DAY));
    }

    @Test
    void eventChangedRequiresTheDatesOfAnAllDayEvent() {
        assertThrows(NullPointerException.class, () -> allDay(CalendarEventChange.UPDATED, null, DAY.plusDays(1),
                midnight(DAY), midnight(DAY.plusDays(1))));
        assertThrows(NullPointerException.class, () -> allDay(CalendarEventChange.UPDATED, DAY, null,
                midnight(DAY), midnight(DAY.plusDays(1))));
    }

    @Test
    void eventChangedRefusesAnAllDayEventThatEndsOnItsFirstDayOrBefore() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> allDay(CalendarEventChange.UPDATED, DAY, DAY, midnight(DAY), midnight(DAY)));
        // Then
        assertEquals("endDate is exclusive, so it must be after startDate", refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> allDay(CalendarEventChange.UPDATED, DAY, DAY.minusDays(1),
                midnight(DAY), midnight(DAY)));
    }

    @Test
    void eventChangedRefusesAnAllDayEventWhoseTimesAreNotItsMidnights() {
        // Given
        LocalDate end = DAY.plusDays(1);
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> allDay(CalendarEventChange.UPDATED, DAY, end, NINE, midnight(end)));
        // Then
        assertEquals("startsAt and endsAt of an all-day event must be midnight UTC of startDate and endDate",
                refused.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> allDay(CalendarEventChange.UPDATED, DAY, end, midnight(DAY), midnight(end.plusDays(1))));
        assertThrows(IllegalArgumentException.class, () -> allDay(CalendarEventChange.UPDATED, DAY, end,
                Instant.parse("2026-03-04T23:00:00Z"), Instant.parse("2026-03-05T23:00:00Z")));
    }

    @Test
    void eventChangedRefusesDatesOnATimedEvent() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> event(CalendarEventChange.UPDATED, false, midnight(DAY), midnight(DAY.plusDays(1)), DAY,
                        DAY.plusDays(1)));
        // Then
        assertEquals("startDate and endDate are given only for an all-day event that was not deleted", refused.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> event(CalendarEventChange.UPDATED, false, NINE, NINE.plusSeconds(1800), null, DAY));
    }

    @Test
    void eventChangedTakesADeletedAllDayEventWithoutDates() {
        // When
        CalendarEventChangedV2 changed = event(CalendarEventChange.DELETED, true, null, null, null, null);
        // Then
        assertTrue(changed.allDay());
        assertNull(changed.startDate());
    }

    @Test
    void eventChangedRefusesDatesOnADeletedEvent() {
        assertThrows(IllegalArgumentException.class, () -> event(CalendarEventChange.DELETED, true, midnight(DAY),
                midnight(DAY.plusDays(1)), DAY, DAY.plusDays(1)));
    }

    @Test
    void eventChangedKeysACancelledOccurrenceBySeriesAndOriginalStart() {
        // When
        CalendarEventChangedV2 cancelled = new CalendarEventChangedV2("c-1", LINK, CalendarProvider.GOOGLE, "user-42",
                "primary", "7k2m9q4r1t8v_20260305T090000Z", null, "7k2m9q4r1t8v", NINE, CalendarEventChange.DELETED,
                ChangeOrigin.PROVIDER, false, null, null, null, null, AT);
        // Then
        assertEquals(List.of("7k2m9q4r1t8v", NINE), List.of(cancelled.seriesId(), cancelled.originalStartsAt()));
    }

    @Test
    void eventChangedGivesTheOriginalStartExactlyWithTheSeries() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> timed(LINK, "7k2m9q4r1t8v", null));
        // Then
        assertEquals("originalStartsAt is given exactly when seriesId is (an occurrence of a series)", refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> timed(LINK, null, NINE));
        assertThrows(IllegalArgumentException.class, () -> timed(LINK, " ", NINE));
    }

    @Test
    void eventChangedRefusesWhatV1Refuses() {
        assertThrows(NullPointerException.class, () -> event(CalendarEventChange.CREATED, false, null, NINE, null, null));
        assertThrows(NullPointerException.class, () -> event(CalendarEventChange.UPDATED, false, NINE, null, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> event(CalendarEventChange.UPDATED, false, NINE, NINE.minusSeconds(1), null, null));
        assertThrows(IllegalArgumentException.class, () -> new CalendarEventChangedV2("c-1", LINK, CalendarProvider.GOOGLE,
                "user-42", "primary", "ev-1", "", null, null, CalendarEventChange.DELETED, ChangeOrigin.CRM, false, null,
                null, null, null, AT));
        assertThrows(NullPointerException.class, () -> new CalendarEventChangedV2("c-1", LINK, CalendarProvider.GOOGLE,
                "user-42", "primary", "ev-1", null, null, null, CalendarEventChange.DELETED, null, false, null, null, null,
                null, AT));
    }

    private static CalendarSyncedV2 synced(String linkId, int total, int upcoming) {
        return new CalendarSyncedV2("c-1", linkId, CalendarProvider.GOOGLE, "user-42", "primary", true, 2, 1, 0, total,
                upcoming, AT);
    }

    private static CalendarSyncFailedV2 failed(String linkId, FailureCategory category, RequiredAction action, String reason,
            int consecutiveFailures) {
        return new CalendarSyncFailedV2("c-1", linkId, CalendarProvider.MICROSOFT, "user-42", "AAMkAGI2", category,
                "ErrorItemNotFound", action, reason, null, consecutiveFailures, AT);
    }

    private static CalendarEventChangedV2 timed(String linkId, String seriesId, Instant originalStartsAt) {
        return new CalendarEventChangedV2("c-1", linkId, CalendarProvider.GOOGLE, "user-42", "primary", "ev-1", "act-8812",
                seriesId, originalStartsAt, CalendarEventChange.UPDATED, ChangeOrigin.PROVIDER, false, NINE,
                NINE.plusSeconds(1800), null, null, AT);
    }

    private static CalendarEventChangedV2 allDay(CalendarEventChange change, LocalDate startDate, LocalDate endDate,
            Instant startsAt, Instant endsAt) {
        return event(change, true, startsAt, endsAt, startDate, endDate);
    }

    private static CalendarEventChangedV2 event(CalendarEventChange change, boolean allDay, Instant startsAt, Instant endsAt,
            LocalDate startDate, LocalDate endDate) {
        return new CalendarEventChangedV2("c-1", LINK, CalendarProvider.GOOGLE, "user-42", "primary", "ev-1", null, null,
                null, change, ChangeOrigin.PROVIDER, allDay, startsAt, endsAt, startDate, endDate, AT);
    }

    private static Instant midnight(LocalDate date) {
        return date.atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
