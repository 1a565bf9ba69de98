package com.crm.integrations.common.events.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checks of calendar.batch-completed.v2: every item accounted for, a state that fits the counts. */
class CalendarBatchCompletedV2Test {

    private static final Instant AT = Instant.parse("2026-03-02T10:21:00Z");
    private static final Instant STARTED = Instant.parse("2026-03-02T10:19:12Z");
    private static final String BATCH = "4b6c1e2a-8d3f-4a59-9c7e-1f2a3b4c5d6e";
    private static final String LINK = "0f8e2d4c-6b1a-4c9e-8d7f-3a2b1c0d9e8f";
    private static final String LINK_ENDED = "The calendar link ended before the batch could run: nothing was written.";

    @Test
    void takesABatchWhoseItemsAllSucceeded() {
        // When
        CalendarBatchCompletedV2 completed = batch(CalendarBatchOutcome.COMPLETED, 120, 120, 0, 0, null);
        // Then
        assertEquals(120, completed.succeeded());
        assertNull(completed.failureReason());
    }

    @Test
    void takesABatchThatSelectedNoEvent() {
        // When
        CalendarBatchCompletedV2 completed = new CalendarBatchCompletedV2(BATCH, "crm-req-1", LINK, "c-1",
                CalendarProvider.GOOGLE, "user-42", CalendarCommandAction.DELETE, CalendarBatchOutcome.COMPLETED, 0, 0, 0, 0,
                null, null, AT);
        // Then
        assertEquals(0, completed.requested());
        assertNull(completed.startedAt());
    }

    @Test
    void takesABatchWithFailures() {
        // When
        CalendarBatchCompletedV2 completed = batch(CalendarBatchOutcome.COMPLETED_WITH_FAILURES, 120, 118, 2, 0, null);
        // Then
        assertEquals(2, completed.failed());
    }

    @Test
    void takesACancelledBatchWithFailures() {
        // When
        CalendarBatchCompletedV2 cancelled = batch(CalendarBatchOutcome.CANCELLED, 900, 340, 10, 550, null);
        // Then
        assertEquals(550, cancelled.cancelled());
    }

    @Test
    void takesAFailedBatchWithItsReason() {
        // When
        CalendarBatchCompletedV2 failed = new CalendarBatchCompletedV2(BATCH, "crm-req-1", LINK, "c-1",
                CalendarProvider.GOOGLE, "user-42", CalendarCommandAction.CREATE, CalendarBatchOutcome.FAILED, 2, 0, 2, 0,
                LINK_ENDED, null, AT);
        // Then
        assertEquals(LINK_ENDED, failed.failureReason());
    }

    @Test
    void takesAFailedBatchThatNeverHadALink() {
        // When: a batch command named no link the user has
        CalendarBatchCompletedV2 failed = new CalendarBatchCompletedV2(BATCH, "crm-req-1", null, null, null, "user-42",
                CalendarCommandAction.DELETE, CalendarBatchOutcome.FAILED, 3, 0, 3, 0, "The user has no calendar link.", null, AT);
        // Then
        assertEquals(null, failed.linkId());
    }

    @Test
    void refusesAMissingLinkUnlessTheBatchFailedAndHalfALink() {
        assertThrows(NullPointerException.class, () -> new CalendarBatchCompletedV2(BATCH, "crm-req-1", null, null, null, "user-42",
                CalendarCommandAction.DELETE, CalendarBatchOutcome.COMPLETED, 0, 0, 0, 0, null, null, AT));
        assertThrows(IllegalArgumentException.class, () -> new CalendarBatchCompletedV2(BATCH, "crm-req-1", null, "c-1", null,
                "user-42", CalendarCommandAction.DELETE, CalendarBatchOutcome.FAILED, 1, 0, 1, 0, "No link.", null, AT));
    }

    @Test
    void refusesCountsThatDoNotAddUpToTheRequested() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> batch(CalendarBatchOutcome.COMPLETED_WITH_FAILURES, 120, 117, 2, 0, null));
        // Then
        assertEquals("A finished batch accounts for every item: succeeded (117) + failed (2) + cancelled (0) must equal"
                + " requested (120)", refused.getMessage());
    }

    @Test
    void refusesCountsThatAddUpOnlyByOverflowing() {
        assertThrows(IllegalArgumentException.class, () -> batch(CalendarBatchOutcome.CANCELLED, 0, Integer.MAX_VALUE,
                Integer.MAX_VALUE, 2, null));
    }

    @Test
    void refusesNegativeCounts() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> batch(CalendarBatchOutcome.CANCELLED, 5, 6, 0, -1, null));
        // Then
        assertEquals("cancelled must not be negative, was -1", refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> batch(CalendarBatchOutcome.COMPLETED, -1, 0, 0, 0, null));
        assertThrows(IllegalArgumentException.class, () -> batch(CalendarBatchOutcome.COMPLETED, 0, -1, 1, 0, null));
        assertThrows(IllegalArgumentException.class,
                () -> batch(CalendarBatchOutcome.COMPLETED_WITH_FAILURES, 0, 1, -1, 0, null));
    }

    @Test
    void refusesACompletedBatchWithFailedItems() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> batch(CalendarBatchOutcome.COMPLETED, 120, 118, 2, 0, null));
        // Then
        assertEquals("A completed batch has no failed and no cancelled item: failed (2), cancelled (0)", refused.getMessage());
    }

    @Test
    void refusesACompletedBatchWithCancelledItems() {
        assertThrows(IllegalArgumentException.class, () -> batch(CalendarBatchOutcome.COMPLETED, 120, 100, 0, 20, null));
    }

    @Test
    void refusesABatchWithFailuresThatHasNone() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> batch(CalendarBatchOutcome.COMPLETED_WITH_FAILURES, 120, 120, 0, 0, null));
        // Then
        assertEquals("A batch completed_with_failures has failed items and no cancelled one: failed (0), cancelled (0)",
                refused.getMessage());
    }

    @Test
    void refusesABatchWithFailuresThatHasCancelledItems() {
        assertThrows(IllegalArgumentException.class,
                () -> batch(CalendarBatchOutcome.COMPLETED_WITH_FAILURES, 120, 100, 2, 18, null));
    }

    @Test
    void refusesACancelledBatchWithoutCancelledItems() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> batch(CalendarBatchOutcome.CANCELLED, 120, 120, 0, 0, null));
        // Then
        assertEquals("A cancelled batch has cancelled items: cancelled (0)", refused.getMessage());
    }

    @Test
    void requiresTheReasonOfAFailedBatch() {
        // When
        NullPointerException refused = assertThrows(NullPointerException.class,
                () -> batch(CalendarBatchOutcome.FAILED, 2, 0, 2, 0, null));
        // Then
        assertEquals("failureReason (of a failed batch) is required", refused.getMessage());
    }

    @Test
    void refusesAReasonForABatchThatDidNotFail() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> batch(CalendarBatchOutcome.COMPLETED_WITH_FAILURES, 120, 118, 2, 0, LINK_ENDED));
        // Then
        assertEquals("failureReason is given only for a failed batch, not a completed_with_failures one",
                refused.getMessage());
    }

    @Test
    void refusesAReasonOfMoreThanFiveHundredCharacters() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> batch(CalendarBatchOutcome.FAILED, 2, 0, 2, 0, "a".repeat(501)));
        // Then
        assertEquals("failureReason must be at most 500 characters, was 501", refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "The link ended.\nNothing was written.", "Refused Bearer abc", "The grant 1//0gLx9 is dead"})
    void refusesAReasonThatIsNoSentenceForTheUi(String reason) {
        assertThrows(IllegalArgumentException.class, () -> batch(CalendarBatchOutcome.FAILED, 2, 0, 2, 0, reason));
    }

    @ParameterizedTest
    @ValueSource(strings = {"batch-0001", "4B6C1E2A-8D3F-4A59-9C7E-1F2A3B4C5D6E", ""})
    void refusesABatchIdThatIsNotACanonicalUuid(String batchId) {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new CalendarBatchCompletedV2(batchId, "crm-req-1", LINK, "c-1", CalendarProvider.GOOGLE, "user-42",
                        CalendarCommandAction.CREATE, CalendarBatchOutcome.COMPLETED, 1, 1, 0, 0, null, STARTED, AT));
        // Then
        assertEquals("batchId must be a UUID in canonical form (8-4-4-4-12 lower-case hex digits)", refused.getMessage());
    }

    @Test
    void refusesALinkIdThatIsNotACanonicalUuid() {
        assertThrows(IllegalArgumentException.class, () -> new CalendarBatchCompletedV2(BATCH, "crm-req-1", "link-1", "c-1",
                CalendarProvider.GOOGLE, "user-42", CalendarCommandAction.CREATE, CalendarBatchOutcome.COMPLETED, 1, 1, 0, 0,
                null, STARTED, AT));
    }

    @Test
    void refusesBlankTexts() {
        assertThrows(IllegalArgumentException.class, () -> new CalendarBatchCompletedV2(BATCH, " ", LINK, "c-1",
                CalendarProvider.GOOGLE, "user-42", CalendarCommandAction.CREATE, CalendarBatchOutcome.COMPLETED, 1, 1, 0, 0,
                null, STARTED, AT));
        assertThrows(IllegalArgumentException.class, () -> new CalendarBatchCompletedV2(BATCH, "crm-req-1", LINK, "",
                CalendarProvider.GOOGLE, "user-42", CalendarCommandAction.CREATE, CalendarBatchOutcome.COMPLETED, 1, 1, 0, 0,
                null, STARTED, AT));
        assertThrows(IllegalArgumentException.class, () -> new CalendarBatchCompletedV2(BATCH, "crm-req-1", LINK, "c-1",
                CalendarProvider.GOOGLE, "\t", CalendarCommandAction.CREATE, CalendarBatchOutcome.COMPLETED, 1, 1, 0, 0,
                null, STARTED, AT));
    }

    @Test
    void requiresWhatItCannotDoWithout() {
        assertThrows(NullPointerException.class, () -> new CalendarBatchCompletedV2(null, "crm-req-1", LINK, "c-1",
                CalendarProvider.GOOGLE, "user-42", CalendarCommandAction.CREATE, CalendarBatchOutcome.COMPLETED, 1, 1, 0, 0,
                null, STARTED, AT));
        assertThrows(NullPointerException.class, () -> new CalendarBatchCompletedV2(BATCH, null, LINK, "c-1",
                CalendarProvider.GOOGLE, "user-42", CalendarCommandAction.CREATE, CalendarBatchOutcome.COMPLETED, 1, 1, 0, 0,
                null, STARTED, AT));
        assertThrows(NullPointerException.class, () -> new CalendarBatchCompletedV2(BATCH, "crm-req-1", null, "c-1",
                CalendarProvider.GOOGLE, "user-42", CalendarCommandAction.CREATE, CalendarBatchOutcome.COMPLETED, 1, 1, 0, 0,
                null, STARTED, AT));
        assertThrows(NullPointerException.class, () -> new CalendarBatchCompletedV2(BATCH, "crm-req-1", LINK, null,
                CalendarProvider.GOOGLE, "user-42", CalendarCommandAction.CREATE, CalendarBatchOutcome.COMPLETED, 1, 1, 0, 0,
                null, STARTED, AT));
        assertThrows(NullPointerException.class, () -> new CalendarBatchCompletedV2(BATCH, "crm-req-1", LINK, "c-1", null,
                "user-42", CalendarCommandAction.CREATE, CalendarBatchOutcome.COMPLETED, 1, 1, 0, 0, null, STARTED, AT));
        assertThrows(NullPointerException.class, () -> new CalendarBatchCompletedV2(BATCH, "crm-req-1", LINK, "c-1",
                CalendarProvider.GOOGLE, null, CalendarCommandAction.CREATE, CalendarBatchOutcome.COMPLETED, 1, 1, 0, 0,
                null, STARTED, AT));
        assertThrows(NullPointerException.class, () -> new CalendarBatchCompletedV2(BATCH, "crm-req-1", LINK, "c-1",
                CalendarProvider.GOOGLE, "user-42", null, CalendarBatchOutcome.COMPLETED, 1, 1, 0, 0, null, STARTED, AT));
        assertThrows(NullPointerException.class, () -> new CalendarBatchCompletedV2(BATCH, "crm-req-1", LINK, "c-1",
                CalendarProvider.GOOGLE, "user-42", CalendarCommandAction.CREATE, null, 1, 1, 0, 0, null, STARTED, AT));
        assertThrows(NullPointerException.class, () -> new CalendarBatchCompletedV2(BATCH, "crm-req-1", LINK, "c-1",
                CalendarProvider.GOOGLE, "user-42", CalendarCommandAction.CREATE, CalendarBatchOutcome.COMPLETED, 1, 1, 0, 0,
                null, STARTED, null));
    }

    private static CalendarBatchCompletedV2 batch(CalendarBatchOutcome state, int requested, int succeeded, int failed,
            int cancelled, String failureReason) {
        return new CalendarBatchCompletedV2(BATCH, "crm-req-1", LINK, "2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091",
                CalendarProvider.MICROSOFT, "user-42", CalendarCommandAction.CREATE, state, requested, succeeded, failed,
                cancelled, failureReason, STARTED, AT);
    }
}
