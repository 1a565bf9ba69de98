package com.crm.integrations.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The isolation check's comparison of one tenant's rows, on fixtures: a change must show. */
class DatabaseRowsTest {

    @Test
    void aChangedColumnShowsWithItsRowAndValues() {
        // When
        List<String> differences = DatabaseRows.differences(List.of("{\"id\":\"c1\",\"status\":\"active\"}"),
                List.of("{\"id\":\"c1\",\"status\":\"revoked\"}"));

        // Then
        assertEquals(List.of("c1 [status: \"active\" -> \"revoked\"]"), differences);
    }

    @Test
    void aDeletedRowShows() {
        // When
        List<String> differences = DatabaseRows.differences(List.of("{\"id\":\"c1\"}", "{\"id\":\"c2\"}"), List.of("{\"id\":\"c2\"}"));

        // Then
        assertEquals(List.of("c1 disappeared"), differences);
    }

    @Test
    void aRowWithoutIdIsComparedByPosition() {
        // When
        List<String> differences = DatabaseRows.differences(List.of("{\"tenant_id\":\"t\",\"direction\":\"import_only\"}"),
                List.of("{\"tenant_id\":\"t\",\"direction\":\"two_way\"}"));

        // Then
        assertEquals(1, differences.size());
    }

    @Test
    void scheduledChecksAreNotChanges() {
        // When
        List<String> differences = DatabaseRows.differences(List.of("{\"id\":\"k\",\"next_check_at\":null}"),
                List.of("{\"id\":\"k\",\"next_check_at\":\"2026-12-01T18:33:59Z\"}"));

        // Then
        assertEquals(List.of(), differences);
    }
}
