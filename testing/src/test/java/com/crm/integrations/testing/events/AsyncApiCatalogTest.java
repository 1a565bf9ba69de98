package com.crm.integrations.testing.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The checker against the real docs/asyncapi.yaml. */
class AsyncApiCatalogTest {

    private static final String TOKEN_EVENTS = "integrations.token-events";
    private static final String TOKEN_REFRESHED = "crm.integrations.token.refreshed.v1";
    private static final String TENANT = "tenant-acme";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static AsyncApiCatalog catalog;

    @BeforeAll
    static void loadCatalog() {
        catalog = AsyncApiCatalog.fromProjectRoot();
    }

    @Test
    void acceptsAConformingTokenRefreshed() {
        // When
        List<String> violations = catalog.violations(TOKEN_EVENTS, TENANT, tokenRefreshedHeaders(), bytes(tokenRefreshed()));
        // Then
        assertEquals(List.of(), violations);
    }

    @Test
    void acceptsEveryExampleOfTheCatalog() throws IOException {
        // Given
        JsonNode document = new YAMLMapper().readTree(catalog.source().toFile());
        List<String> violations = new ArrayList<>();
        Set<String> exemplified = new TreeSet<>();
        // When
        for (Map.Entry<String, JsonNode> message : document.path("components").path("messages").properties()) {
            String type = message.getValue().path("name").asText();
            for (JsonNode example : message.getValue().path("examples")) {
                exemplified.add(type);
                Map<String, String> headers = new LinkedHashMap<>();
                example.path("headers").properties().forEach(header -> headers.put(header.getKey(), header.getValue().asText()));
                String topic = catalog.channelOf(type).orElseThrow();
                violations.addAll(catalog.violations(topic, headers.get("ce_subject"), headers, bytes(example.path("payload"))));
            }
        }
        // Then
        assertEquals(List.of(), violations);
        assertEquals(new TreeSet<>(catalog.messageTypes()), exemplified, "at least one example per message");
    }

    @Test
    void rejectsARenamedPayloadField() {
        // Given
        ObjectNode payload = tokenRefreshed();
        payload.set("refreshed_at", payload.remove("refreshedAt"));
        // When
        List<String> violations = catalog.violations(TOKEN_EVENTS, TENANT, tokenRefreshedHeaders(), bytes(payload));
        // Then
        assertMentions(violations, "refreshed_at");
        assertMentions(violations, "refreshedAt");
    }

    @Test
    void rejectsAValueOutsideAnEnum() {
        // Given
        Map<String, String> headers = tokenRefreshedHeaders();
        headers.put("ce_type", "crm.integrations.connection.changed.v1");
        ObjectNode payload = JSON.createObjectNode()
                .put("connectionId", "c-1").put("provider", "google").put("kind", "oauth").put("ownerUserId", "user-42")
                .put("change", "status_changed").put("status", "needs-reauth").put("previousStatus", "active")
                .put("occurredAt", "2026-03-02T10:15:30Z");
        // When
        List<String> violations = catalog.violations(TOKEN_EVENTS, TENANT, headers, bytes(payload));
        // Then
        assertEquals(1, violations.size(), violations.toString());
        assertMentions(violations, "status");
    }

    @Test
    void rejectsAMissingRequiredHeader() {
        // Given
        Map<String, String> headers = tokenRefreshedHeaders();
        headers.remove("ce_id");
        // When
        List<String> violations = catalog.violations(TOKEN_EVENTS, TENANT, headers, bytes(tokenRefreshed()));
        // Then
        assertEquals(1, violations.size(), violations.toString());
        assertMentions(violations, "ce_id");
    }

    @Test
    void rejectsSpecVersion03() {
        // Given
        Map<String, String> headers = tokenRefreshedHeaders();
        headers.put("ce_specversion", "0.3");
        // When
        List<String> violations = catalog.violations(TOKEN_EVENTS, TENANT, headers, bytes(tokenRefreshed()));
        // Then
        assertEquals(1, violations.size(), violations.toString());
        assertMentions(violations, "ce_specversion");
    }

    @Test
    void rejectsATypeOfAnotherTopic() {
        // Given
        Map<String, String> headers = tokenRefreshedHeaders();
        headers.put("ce_type", "crm.integrations.calendar.synced.v1");
        // When
        List<String> violations = catalog.violations(TOKEN_EVENTS, TENANT, headers, bytes(tokenRefreshed()));
        // Then
        assertMentions(violations, "integrations.calendar-events");
    }

    @Test
    void rejectsATypeTheCatalogDoesNotKnow() {
        // Given
        Map<String, String> headers = tokenRefreshedHeaders();
        headers.put("ce_type", "crm.integrations.token.refreshed.v9");
        // When
        List<String> violations = catalog.violations(TOKEN_EVENTS, TENANT, headers, bytes(tokenRefreshed()));
        // Then
        assertMentions(violations, "crm.integrations.token.refreshed.v9");
    }

    @Test
    void rejectsAnUnknownTopic() {
        // When
        List<String> violations = catalog.violations("integrations.tokens", TENANT, tokenRefreshedHeaders(),
                bytes(tokenRefreshed()));
        // Then
        assertEquals(1, violations.size(), violations.toString());
        assertMentions(violations, "integrations.tokens");
    }

    @Test
    void rejectsATypeACommandTopicDoesNotCarry() {
        // Given
        Map<String, String> headers = headers("crm.mailchimp.subscribe.v1", "/crm/campaigns");
        // When
        List<String> violations = catalog.violations("mailchimp.commands", TENANT, headers, bytes(tokenRefreshed()));
        // Then
        assertMentions(violations, "crm.integrations.mailchimp.subscribe-command.v1");
    }

    @Test
    void rejectsAnyMessageOnAChannelThatListsNone(@TempDir Path dir) throws IOException {
        // Given
        Path yaml = Files.writeString(dir.resolve("asyncapi.yaml"), String.join("\n",
                "asyncapi: 3.0.0",
                "info: {title: t, version: '1'}",
                "channels:",
                "  commands:",
                "    address: some.commands",
                "    messages: {}",
                ""));
        Map<String, String> headers = headers("crm.integrations.some.command.v1", "/crm/campaigns");
        // When
        List<String> violations = AsyncApiCatalog.load(yaml).violations("some.commands", TENANT, headers,
                bytes(tokenRefreshed()));
        // Then
        assertMentions(violations, "no messages yet");
    }

    @Test
    void rejectsACommandThatOneOfOurServicesSends() {
        // Given
        Map<String, String> headers = headers("crm.integrations.calendar.event-command.v1", "/integrations/calendar-service");
        ObjectNode delete = JSON.createObjectNode().put("action", "delete").put("crmEventId", "act-8812").put("userId", "user-42");
        // When
        List<String> violations = catalog.violations("calendar.commands", TENANT, headers, bytes(delete));
        // Then
        assertEquals(1, violations.size(), violations.toString());
        assertMentions(violations, "ce_source");
    }

    @Test
    void rejectsAnEventThatACrmServiceSends() {
        // Given
        Map<String, String> headers = headers(TOKEN_REFRESHED, "/crm/activities");
        // When
        List<String> violations = catalog.violations(TOKEN_EVENTS, TENANT, headers, bytes(tokenRefreshed()));
        // Then
        assertEquals(1, violations.size(), violations.toString());
        assertMentions(violations, "ce_source");
    }

    @Test
    void rejectsAKeyThatIsNotTheSubject() {
        // When
        List<String> violations = catalog.violations(TOKEN_EVENTS, "tenant-other", tokenRefreshedHeaders(),
                bytes(tokenRefreshed()));
        // Then
        assertEquals(1, violations.size(), violations.toString());
        assertMentions(violations, "tenant-other");
    }

    @Test
    void rejectsAMissingKey() {
        // When
        List<String> violations = catalog.violations(TOKEN_EVENTS, null, tokenRefreshedHeaders(), bytes(tokenRefreshed()));
        // Then
        assertEquals(1, violations.size(), violations.toString());
        assertMentions(violations, "key is missing");
    }

    @Test
    void rejectsAValueThatIsNotJson() {
        // When
        List<String> violations = catalog.violations(TOKEN_EVENTS, TENANT, tokenRefreshedHeaders(),
                "connectionId=c-1".getBytes(StandardCharsets.UTF_8));
        // Then
        assertEquals(1, violations.size(), violations.toString());
        assertMentions(violations, "not JSON");
    }

    @Test
    void rejectsATimestampThatIsNotRfc3339() {
        // Given
        ObjectNode payload = tokenRefreshed().put("refreshedAt", "2026-03-02 10:15:30");
        // When
        List<String> violations = catalog.violations(TOKEN_EVENTS, TENANT, tokenRefreshedHeaders(), bytes(payload));
        // Then
        assertEquals(1, violations.size(), violations.toString());
        assertMentions(violations, "refreshedAt");
    }

    @Test
    void rejectsAChangedCalendarEventWithoutItsTimes() {
        // Given
        Map<String, String> headers = headers("crm.integrations.calendar.event-changed.v1", "/integrations/calendar-service");
        ObjectNode payload = JSON.createObjectNode()
                .put("connectionId", "c-1").put("provider", "google").put("ownerUserId", "user-42")
                .put("calendarId", "primary").put("providerEventId", "ev1").putNull("crmEventId")
                .put("change", "updated").put("origin", "provider").putNull("startsAt").putNull("endsAt")
                .put("changedAt", "2026-03-02T10:15:30Z");
        // When
        List<String> violations = catalog.violations("integrations.calendar-events", TENANT, headers, bytes(payload));
        // Then
        assertMentions(violations, "startsAt");
        assertMentions(violations, "endsAt");
    }

    @Test
    void listsTheCatalogsChannelsAndTypes() {
        // When
        Set<String> channels = catalog.channelAddresses();
        // Then
        assertEquals(Set.of(TOKEN_EVENTS, "integrations.calendar-events", "integrations.mailchimp-events",
                "calendar.commands", "mailchimp.commands"), channels);
        assertTrue(catalog.messageTypes().contains(TOKEN_REFRESHED));
        assertEquals(Optional.of(TOKEN_EVENTS), catalog.channelOf(TOKEN_REFRESHED));
        assertEquals(Optional.empty(), catalog.channelOf("crm.integrations.token.refreshed.v9"));
    }

    @Test
    void reportsEveryViolationAtOnceInAnAssertionError() {
        // Given
        Map<String, String> headers = tokenRefreshedHeaders();
        headers.remove("ce_time");
        // When
        AssertionError error = assertThrows(AssertionError.class,
                () -> catalog.assertConforms(TOKEN_EVENTS, "tenant-other", headers, bytes(tokenRefreshed())));
        // Then
        assertTrue(error.getMessage().contains("ce_time") && error.getMessage().contains("tenant-other"), error.getMessage());
    }

    @Test
    void refusesADocumentThatIsNotAnAsyncApi3Catalog(@TempDir Path dir) throws IOException {
        // Given
        Path yaml = Files.writeString(dir.resolve("asyncapi.yaml"), "asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\n");
        // When
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> AsyncApiCatalog.load(yaml));
        // Then
        assertTrue(error.getMessage().contains("AsyncAPI 3"), error.getMessage());
    }

    @Test
    void refusesAReferenceThatPointsAtNothing(@TempDir Path dir) throws IOException {
        // Given
        Path yaml = Files.writeString(dir.resolve("asyncapi.yaml"), String.join("\n",
                "asyncapi: 3.0.0",
                "info: {title: t, version: '1'}",
                "channels:",
                "  a:",
                "    address: a",
                "    messages:",
                "      m: {name: m, headers: {type: object}, payload: {$ref: '#/components/schemas/Missing'}}",
                ""));
        // When
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> AsyncApiCatalog.load(yaml));
        // Then
        assertTrue(error.getMessage().contains("#/components/schemas/Missing"), error.getMessage());
    }

    @Test
    void refusesAKeyWrittenTwice(@TempDir Path dir) throws IOException {
        // Given
        Path yaml = Files.writeString(dir.resolve("asyncapi.yaml"), String.join("\n",
                "asyncapi: 3.0.0",
                "info: {title: t, version: '1'}",
                "channels:",
                "  a:",
                "    address: a",
                "  a:",
                "    address: b",
                ""));
        // When
        UncheckedIOException error = assertThrows(UncheckedIOException.class, () -> AsyncApiCatalog.load(yaml));
        // Then
        assertTrue(error.getCause().getMessage().contains("Duplicate field 'a'"), error.getCause().getMessage());
    }

    @Test
    void rejectsADuplicateFieldInTheValue() {
        // Given
        String value = tokenRefreshed().toString().replace("{", "{\"provider\":\"google\",");
        // When
        List<String> violations = catalog.violations(TOKEN_EVENTS, TENANT, tokenRefreshedHeaders(),
                value.getBytes(StandardCharsets.UTF_8));
        // Then
        assertEquals(1, violations.size(), violations.toString());
        assertMentions(violations, "provider");
    }

    private static Map<String, String> tokenRefreshedHeaders() {
        return headers(TOKEN_REFRESHED, "/integrations/token-service");
    }

    private static Map<String, String> headers(String type, String source) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", "0b6f8e8a-3c0d-4a57-9a51-2f4c1de0a111");
        headers.put("ce_source", source);
        headers.put("ce_type", type);
        headers.put("ce_time", "2026-03-02T10:15:31.123456Z");
        headers.put("ce_subject", TENANT);
        headers.put("content-type", "application/json");
        headers.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        return headers;
    }

    private static ObjectNode tokenRefreshed() {
        return JSON.createObjectNode()
                .put("connectionId", "2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091")
                .put("provider", "microsoft")
                .put("ownerUserId", "user-42")
                .put("accessTokenExpiresAt", "2026-03-02T11:15:29Z")
                .put("refreshedAt", "2026-03-02T10:15:30Z");
    }

    private static byte[] bytes(JsonNode payload) {
        return payload.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void assertMentions(List<String> violations, String text) {
        assertFalse(violations.isEmpty(), "expected a violation mentioning " + text);
        assertTrue(violations.stream().anyMatch(violation -> violation.contains(text)),
                "no violation mentions '" + text + "': " + violations);
    }
}
