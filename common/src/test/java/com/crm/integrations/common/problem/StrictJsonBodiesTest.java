package com.crm.integrations.common.problem;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

class StrictJsonBodiesTest {

    record Settings(Integer pastDays, Integer futureDays) {
    }

    @Test
    void refusesAKeyThatAppearsTwice() {
        // Given
        ObjectMapper mapper = new StrictJsonBodies(new ObjectMapper()).getContext(Settings.class);
        // When
        JsonParseException failure = assertThrows(JsonParseException.class,
                () -> mapper.readValue("{\"pastDays\": 1, \"pastDays\": 2}", Settings.class));
        // Then
        assertEquals("Field 'pastDays' appears more than once.", JsonProblemDetail.describe(failure));
    }

    @Test
    void keepsQuarkusMapperSettingsAndLeavesItUntouched() {
        // Given: Quarkus's mapper ignores unknown fields
        ObjectMapper quarkus = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        ObjectMapper strict = new StrictJsonBodies(quarkus).getContext(Settings.class);
        // When
        Settings read = assertDoesNotThrow(() -> strict.readValue("{\"pastDays\": 1, \"other\": 2}", Settings.class));
        // Then
        assertEquals(1, read.pastDays());
        // and the mapper Quarkus gave (REST clients, consumers) still reads a repeated key as before
        assertFalse(quarkus.getFactory().isEnabled(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));
    }
}
