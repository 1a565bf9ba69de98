package com.crm.integrations.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.crm.integrations.reliability.ResponseRules.Kind;
import com.crm.integrations.reliability.ResponseRules.Violation;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The rules the hostile-input sweep holds every answer to, on fixtures: each must fail when broken. */
class ResponseRulesTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Test
    void aProblemOfTheSameStatusWithATitlePasses() {
        // When
        List<Violation> violations = ResponseRules.check(404, PROBLEM_JSON,
                "{\"type\":\"https://crm-integrations.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
                        + "\"detail\":\"No connection 0b6c… for this tenant.\"}");

        // Then
        assertEquals(List.of(), violations);
    }

    @Test
    void aServerErrorIsAViolationWhateverItsBody() {
        // When
        List<Violation> violations = ResponseRules.check(500, PROBLEM_JSON, "{\"title\":\"Internal\",\"status\":500}");

        // Then
        assertEquals(List.of(new Violation(Kind.SERVER_ERROR, "500")), violations);
    }

    @Test
    void aServiceUnavailableIsAViolationToo() {
        // When
        List<Violation> violations = ResponseRules.check(503, PROBLEM_JSON, "{\"title\":\"Unavailable\",\"status\":503}");

        // Then
        assertEquals(Kind.SERVER_ERROR, violations.get(0).kind());
    }

    @Test
    void aClientErrorInPlainTextIsAProblemBodyViolation() {
        // When
        List<Violation> violations = ResponseRules.check(405, "text/plain", "");

        // Then
        assertEquals(List.of(new Violation(Kind.PROBLEM_BODY, "Content-Type text/plain")), violations);
    }

    @Test
    void aClientErrorWithoutContentTypeIsAProblemBodyViolation() {
        // When
        List<Violation> violations = ResponseRules.check(401, null, null);

        // Then
        assertEquals(Kind.PROBLEM_BODY, violations.get(0).kind());
    }

    @Test
    void aProblemWhoseStatusDiffersFromTheAnswersIsAViolation() {
        // When
        List<Violation> violations = ResponseRules.check(400, PROBLEM_JSON, "{\"title\":\"Bad\",\"status\":422}");

        // Then
        assertEquals(List.of(new Violation(Kind.PROBLEM_BODY, "status 422 for 400")), violations);
    }

    @Test
    void aProblemWithoutTitleIsAViolation() {
        // When
        List<Violation> violations = ResponseRules.check(400, PROBLEM_JSON, "{\"status\":400,\"title\":\" \"}");

        // Then
        assertEquals(List.of(new Violation(Kind.PROBLEM_BODY, "no title")), violations);
    }

    @Test
    void aProblemContentTypeOverABodyThatIsNotJsonIsAViolation() {
        // When
        List<Violation> violations = ResponseRules.check(400, PROBLEM_JSON, "<html>Bad Request</html>");

        // Then
        assertEquals(List.of(new Violation(Kind.PROBLEM_BODY, "body is not JSON")), violations);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\tat com.crm.integrations.token.rest.ConnectionResource.get(ConnectionResource.java:42)",
            "java.lang.IllegalArgumentException: Invalid UUID string: abc",
            "Cannot deserialize value of type `java.util.UUID`",
            "io.vertx.core.impl.NoStackTraceException",
            "org.hibernate.HibernateException: could not execute",
            "com.fasterxml.jackson.core.JsonParseException",
            "NullPointerException",
            "ERROR: relation \"connection\" does not exist (SQLSTATE 42P01)",
            "SELECT id, tenant_id FROM connection WHERE id = $1",
            "UPDATE connection SET status = 'active'",
            "syntax error at or near \"'\"",
            "duplicate key value violates unique constraint \"link_pkey\"",
            "/work/main/token-service/target/quarkus-app/lib/main/x.jar",
            "could not open /tmp/crm-integrations/postgres/data",
    })
    void internalsInAnErrorBodyAreLeaks(String internal) {
        // When
        List<Violation> violations = ResponseRules.check(400, PROBLEM_JSON,
                "{\"title\":\"Bad request\",\"status\":400,\"detail\":\"" + internal.replace("\\", "\\\\").replace("\"", "\\\"")
                        .replace("\t", "\\t") + "\"}");

        // Then
        assertEquals(1, violations.size(), internal + ": " + violations);
        assertEquals(Kind.LEAK, violations.get(0).kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "The path parameter id is not a UUID.",
            "Select a calendar from the list first.",
            "The body is not valid JSON: it is not echoed.",
            "A field of the wrong type: calendarId must be a string.",
            "No such resource: ../../etc/passwd",
    })
    void plainWordsAreNotLeaks(String detail) {
        // When / Then
        assertTrue(ResponseRules.leak(detail).isEmpty(), detail);
    }

    @Test
    void aSuccessIsNotScannedForLeaks() {
        // When
        List<Violation> violations = ResponseRules.check(200, "application/json", "{\"note\":\"java.lang.String\"}");

        // Then
        assertEquals(List.of(), violations);
    }
}
