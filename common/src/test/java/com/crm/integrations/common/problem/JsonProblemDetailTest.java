package com.crm.integrations.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

class JsonProblemDetailTest {

    record Settings(Integer pastDays, Boolean enabled, Direction direction) {
    }

    record Window(Integer days) {
    }

    record Nested(Window window, List<Window> windows) {
    }

    enum Direction {
        IN, OUT
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What StrictJsonBodies gives JAX-RS: the same mapper, refusing a repeated key. */
    private static final ObjectMapper STRICT = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static String detailOf(String body) {
        return detailOf(JSON, body, Settings.class);
    }

    private static String detailOf(ObjectMapper mapper, String body, Class<?> type) {
        try {
            mapper.readValue(body, type);
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

    @Test
    void namesAKeyThatAppearsTwice() {
        // When
        String detail = detailOf(STRICT, "{\"pastDays\": 1, \"enabled\": true, \"pastDays\": 2}", Settings.class);
        // Then
        assertEquals("Field 'pastDays' appears more than once.", detail);
    }

    @Test
    void givesThePathOfANestedKeyThatAppearsTwice() {
        // When
        String inObject = detailOf(STRICT, "{\"window\": {\"days\": 1, \"days\": 2}}", Nested.class);
        String inArray = detailOf(STRICT, "{\"windows\": [{\"days\": 1}, {\"days\": 1, \"days\": 2}]}", Nested.class);
        // Then
        assertEquals("Field 'window.days' appears more than once.", inObject);
        assertEquals("Field 'windows[1].days' appears more than once.", inArray);
    }

    @Test
    void doesNotTakeABrokenValueAfterAKeyForARepeatedKey() {
        // When: the parser has seen "enabled" once, then fails on its value
        String detail = detailOf(STRICT, "{\"pastDays\": 1, \"enabled\": tru}", Settings.class);
        // Then
        assertTrue(detail.startsWith("The request body is not valid JSON (line 1, column "), detail);
    }

    @Test
    void namesAFieldWhoseNumberIsOutOfRange() {
        // When
        String detail = detailOf("{\"pastDays\": 99999999999}");
        // Then
        assertEquals("Field 'pastDays' has a number out of range.", detail);
        assertFalse(detail.contains("99999999999"));
    }
}
