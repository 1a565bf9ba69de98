package com.crm.integrations.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;

class ServerFailuresTest {

    @Test
    void givesABugOnlyAReference() {
        // When
        Problem problem = ServerFailures.internalError(new IllegalStateException("SELECT secret FROM keys"), "PUT",
                "/calendar/settings");
        // Then
        assertEquals(500, problem.status());
        assertEquals(ProblemType.INTERNAL_ERROR.uri(), problem.type());
        assertEquals("/calendar/settings", problem.instance());
        assertTrue(problem.detail().matches("An unexpected error occurred\\. Reference: [0-9a-f-]{36}"), problem.detail());
    }

    @Test
    void givesEachBugItsOwnReference() {
        // When
        Problem first = ServerFailures.internalError(null, "GET", "/x");
        Problem second = ServerFailures.internalError(null, "GET", "/x");
        // Then
        assertFalse(first.detail().equals(second.detail()));
    }

    @Test
    void saysABackingServiceIsDownWithoutNamingIt() {
        // When
        Problem problem = ServerFailures.serviceUnavailable(new ConnectException("localhost:15432"), "GET", "/status");
        // Then
        assertEquals(503, problem.status());
        assertEquals(ProblemType.SERVICE_UNAVAILABLE.defaultDetail(), problem.detail());
        assertFalse(problem.toString().contains("15432"));
    }
}
