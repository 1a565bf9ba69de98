package com.crm.integrations.common.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IfMatchTest {

    @ParameterizedTest(name = "If-Match [{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL        | Absent[]",
            "'   '       | Absent[]",
            "*           | AnySaved[]",
            "'\"0\"'     | Version[version=0]",
            "'\"42\"'    | Version[version=42]",
            "' \"7\" '   | Version[version=7]",
            "'W/\"1\"'   | Never[]",
            "'\"-1\"'    | Never[]",
            "'\"abc\"'   | Never[]",
            "'1'         | Never[]",
            "'\"\"'      | Never[]",
            "'\"99999999999999999999\"' | Never[]" })
    void parsesIfMatch(String header, String expected) {
        // When
        IfMatch parsed = IfMatch.parse(header);
        // Then
        assertEquals(expected, parsed.toString());
    }
}
