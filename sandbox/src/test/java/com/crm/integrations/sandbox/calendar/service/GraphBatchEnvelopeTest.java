package com.crm.integrations.sandbox.calendar.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.crm.integrations.sandbox.provider.ProviderRefusal;
import com.fasterxml.jackson.databind.ObjectMapper;

class GraphBatchEnvelopeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void ordersAChainFromTheRequestThatDependsOnNone() {
        // When
        GraphBatchEnvelope.Requests requests = parse("""
                {"requests": [{"id": "c", "method": "GET", "url": "/me/calendars", "dependsOn": ["b"]},
                              {"id": "a", "method": "post", "url": "me/events", "headers": {"content-type": "application/json"}, "body": {"subject": "x"}},
                              {"id": "b", "method": "GET", "url": "/me/events?$top=1", "dependsOn": ["A"]}]}""");

        // Then
        assertTrue(requests.chained());
        assertEquals(List.of("a", "b", "c"), requests.items().stream().map(BatchItem::id).toList());
        assertEquals("POST", requests.items().get(0).method());
        assertEquals("/me/events", requests.items().get(0).path());
        assertEquals("{\"subject\":\"x\"}", requests.items().get(0).body());
        assertEquals("$top=1", requests.items().get(1).query());
    }

    @Test
    void keepsIndependentRequestsInTheirOrderAndDecodesABase64Body() {
        // When
        GraphBatchEnvelope.Requests requests = parse("""
                {"requests": [{"id": "2", "method": "GET", "url": "/me/calendars"},
                              {"id": "1", "method": "PATCH", "url": "/me/events/e1", "headers": {"Content-Type": "application/json"}, "body": "eyJzdWJqZWN0IjoieCJ9"}]}""");

        // Then
        assertFalse(requests.chained());
        assertEquals(List.of("2", "1"), requests.items().stream().map(BatchItem::id).toList());
        assertEquals("{\"subject\":\"x\"}", requests.items().get(1).body());
    }

    @Test
    void refusesCyclesBranchesAndUnknownDependencies() {
        // Then
        assertThrows(ProviderRefusal.class, () -> parse("""
                {"requests": [{"id": "1", "method": "GET", "url": "/me/calendars", "dependsOn": ["2"]},
                              {"id": "2", "method": "GET", "url": "/me/calendars", "dependsOn": ["1"]}]}"""));
        assertThrows(ProviderRefusal.class, () -> parse("""
                {"requests": [{"id": "1", "method": "GET", "url": "/me/calendars"},
                              {"id": "2", "method": "GET", "url": "/me/calendars", "dependsOn": ["1"]},
                              {"id": "3", "method": "GET", "url": "/me/calendars", "dependsOn": ["1"]}]}"""));
        assertThrows(ProviderRefusal.class, () -> parse("""
                {"requests": [{"id": "1", "method": "GET", "url": "/me/calendars", "dependsOn": ["9"]}]}"""));
    }

    private static GraphBatchEnvelope.Requests parse(String body) {
        return GraphBatchEnvelope.parse(body.getBytes(StandardCharsets.UTF_8), 20, JSON, null);
    }
}
