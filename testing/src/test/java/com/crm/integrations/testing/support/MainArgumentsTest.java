package com.crm.integrations.testing.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The launcher mains' options: a positive number (PostgresMain's {@code --max-connections}). */
class MainArgumentsTest {

    @Test
    void aPositiveNumberIsReadInEitherFormAndDefaultsWhenAbsent() {
        assertEquals(250, MainArguments.parse(new String[] {"start", "--max-connections", "250"}).positiveInt("max-connections", 100));
        assertEquals(7, MainArguments.parse(new String[] {"start", "--max-connections=7"}).positiveInt("max-connections", 100));
        assertEquals(100, MainArguments.parse(new String[] {"start"}).positiveInt("max-connections", 100));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "many", "", "2147483648", "1.5"})
    void anythingButAPositiveNumberIsRefusedNamingTheOption(String value) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> MainArguments.parse(new String[] {"start", "--max-connections", value}).positiveInt("max-connections", 100));
        assertEquals("--max-connections must be a positive number: " + value, refused.getMessage());
    }
}
