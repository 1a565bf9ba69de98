package com.crm.integrations.sandbox.calendar.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.crm.integrations.sandbox.provider.ApiAnswer;
import com.crm.integrations.sandbox.provider.ProviderRefusal;

class GoogleBatchEnvelopeTest {

    private static final String TYPE = "multipart/mixed; boundary=b1";
    private static final String BODY = """
            --b1
            Content-Type: application/http
            Content-ID: <a+1>

            PATCH /calendar/v3/calendars/primary/events/e1?sendUpdates=none HTTP/1.1
            Content-Type: application/json
            If-Match: "12"

            {"summary":"x"}
            --b1
            Content-Type: application/http

            DELETE /calendar/v3/calendars/primary/events/e2
            --b1--
            """;

    @Test
    void readsCrlfAndLfAlike() {
        // When
        List<GoogleBatchEnvelope.Part> lf = parse(BODY);
        List<GoogleBatchEnvelope.Part> crlf = parse(BODY.replace("\n", "\r\n"));

        // Then
        assertEquals(lf, crlf);
        BatchItem patch = lf.get(0).item();
        assertEquals("<a+1>", lf.get(0).contentId());
        assertEquals("PATCH", patch.method());
        assertEquals("/calendar/v3/calendars/primary/events/e1", patch.path());
        assertEquals("sendUpdates=none", patch.query());
        assertEquals("\"12\"", patch.header("if-match"));
        assertEquals("{\"summary\":\"x\"}", patch.body().strip());
        BatchItem delete = lf.get(1).item();
        assertNull(lf.get(1).contentId());
        assertEquals("DELETE", delete.method());
        assertEquals(Map.of(), delete.headers());
        assertNull(delete.body());
    }

    @Test
    void rejectsAPartWithAFullUrlAlone() {
        // When
        List<GoogleBatchEnvelope.Part> parts = parse(BODY.replace("DELETE /calendar", "DELETE https://www.googleapis.com/calendar"));

        // Then
        assertNull(parts.get(0).item().rejected());
        assertEquals(400, parts.get(1).item().rejected().status());
    }

    @Test
    void refusesAnEnvelopeCutShortOrWithTooManyParts() {
        // When
        ProviderRefusal cut = assertThrows(ProviderRefusal.class, () -> parse(BODY.substring(0, BODY.indexOf("--b1--"))));

        // Then
        assertEquals(400, ((ApiAnswer) cut.answer()).status());
        assertThrows(ProviderRefusal.class, () -> GoogleBatchEnvelope.parse(TYPE, BODY.getBytes(StandardCharsets.UTF_8), 1));
        assertThrows(ProviderRefusal.class, () -> GoogleBatchEnvelope.parse("multipart/mixed", BODY.getBytes(StandardCharsets.UTF_8), 10));
    }

    @Test
    void writesResponseIdsWithThePrefixInsideTheBrackets() {
        // When
        String bracketed = GoogleBatchEnvelope.responseId("<a1b2+1>");

        // Then
        assertEquals("<response-a1b2+1>", bracketed);
        assertEquals("response-x", GoogleBatchEnvelope.responseId("x"));
    }

    private static List<GoogleBatchEnvelope.Part> parse(String body) {
        return GoogleBatchEnvelope.parse(TYPE, body.getBytes(StandardCharsets.UTF_8), 1000);
    }
}
