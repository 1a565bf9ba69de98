package com.crm.integrations.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

class JsonProblemDetailTest {

    record Settings(Integer pastDays, Boolean enabled, Direction direction) {
    }

    enum Direction {
        IN, OUT
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String detailOf(String body) {
        try {
            JSON.readValue(body, Settings.class);
            throw new AssertionError("expected a failure for " + body);
        } catch (JsonProcessingException failure) {
            return JsonProblemDetail.describe(failure);
        }
    }

    @Test
    void namesTheFieldAndExpectedTypeWithoutEchoingTheValue() {
        // When
        String detail = detailOf("{\"pastDays\": \"s3cr3t\"}");
        // Then
        assertEquals("Field 'pastDays' has a value of the wrong type or format; expected a number.", detail);
        assertFalse(detail.contains("s3cr3t"));
    }

    @Test
    void listsTheValuesOfAnEnum() {
        // When
        String detail = detailOf("{\"direction\": \"SIDEWAYS\"}");
        // Then
        assertTrue(detail.contains("'direction'") && detail.contains("one of IN, OUT"), detail);
        assertFalse(detail.contains("SIDEWAYS"));
    }

    @Test
    void givesThePositionOfBrokenJsonWithoutQuotingIt() {
        // When
        String detail = detailOf("{\"pastDays\": 3, \"token\": \"abc");
        // Then
        assertTrue(detail.startsWith("The request body is not valid JSON (line 1, column "), detail);
        assertFalse(detail.contains("abc"));
        assertFalse(detail.contains("Exception"));
    }
}
