package com.crm.integrations.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A problem's detail is sent whole up to a bound, and cut there: a caller's huge value is never echoed whole. */
class ProblemTest {

    @Test
    void aDetailUpToTheBoundIsSentWhole() {
        String detail = "provider: no OAuth provider '" + "z".repeat(Problem.MAX_DETAIL - 30) + "'";

        assertEquals(Problem.MAX_DETAIL, detail.length());
        assertEquals(detail, Problem.of(ProblemType.VALIDATION_FAILED, detail, "/x").detail());
        assertNull(Problem.of(ProblemType.VALIDATION_FAILED, null, "/x").detail());
    }

    @Test
    void aLongerDetailIsCutToTheBoundEndingInAnEllipsis() {
        String echoed = "provider: no OAuth provider '" + "z".repeat(200_000) + "' is configured";

        String sent = Problem.of(ProblemType.VALIDATION_FAILED, echoed, "/admin/refresh-runs").detail();

        assertEquals(Problem.MAX_DETAIL, sent.length());
        assertTrue(sent.startsWith("provider: no OAuth provider 'zzz"), sent.substring(0, 40));
        assertTrue(sent.endsWith("…"));
    }

    @Test
    void theCutNeverSplitsASurrogatePair() {
        String calendars = "x".repeat(Problem.MAX_DETAIL - 2) + "📅".repeat(10);

        String sent = Problem.shortened(calendars);

        assertEquals(Problem.MAX_DETAIL - 1, sent.length(), "the pair that straddled the cut is left out whole");
        assertTrue(sent.endsWith("x…"));
    }
}
