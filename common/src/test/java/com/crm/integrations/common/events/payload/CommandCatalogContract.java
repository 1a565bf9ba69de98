package com.crm.integrations.common.events.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.crm.integrations.common.events.EventType;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the catalog tests of the commands the CRM sends add to {@link PayloadCatalogContract}: a command's record reads
 * more than the catalog allows, because its consumer answers a command it can read (with a failure naming the command)
 * and parks only one it cannot. A test extends this with two more static sources of (name, type, payload, field):
 * {@code commandsTheConsumerRefuses()}, which break what the catalog states beyond the record (the catalog refuses
 * them, the record reads them, the consumer refuses them), and {@code commandsOnlyTheConsumerCanRefuse()}, which break
 * what no JSON schema can state (the catalog and the record read them, the consumer refuses them).
 */
abstract class CommandCatalogContract extends PayloadCatalogContract {

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandsTheConsumerRefuses")
    void catalogRefusesWhatTheConsumerRefuses(String name, EventType type, ObjectNode payload, String field)
            throws IOException {
        // When
        List<String> violations = violations(type, payload);
        // Then
        assertNamed(field, violations);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandsTheConsumerRefuses")
    void recordReadsWhatTheConsumerRefuses(String name, EventType type, ObjectNode payload, String field) {
        assertRecordReads(type, payload);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandsOnlyTheConsumerCanRefuse")
    void catalogAcceptsWhatOnlyTheConsumerCanRefuse(String name, EventType type, ObjectNode payload, String field)
            throws IOException {
        // When
        List<String> violations = violations(type, payload);
        // Then
        assertEquals(List.of(), violations);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandsOnlyTheConsumerCanRefuse")
    void recordReadsWhatOnlyTheConsumerCanRefuse(String name, EventType type, ObjectNode payload, String field) {
        assertRecordReads(type, payload);
    }
}
