package com.crm.integrations.common.events.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.retry.FailureCategory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * subscriber.changed.v2, audience.changed.v1 (and what subscriber.changed.v1 keeps out), and the answers to the CRM's
 * commands, mailchimp.command-completed.v1 and mailchimp.command-failed.v1, against docs/asyncapi.yaml: valid records,
 * written as Quarkus writes them, conform to their messages and read back equal; the catalog's examples are records
 * written; each schema names the record's fields (and those of the records it nests), requires exactly those it cannot
 * do without and lists exactly its enums' wire values; and a payload that breaks one of the record's rules is refused
 * by the catalog and by the record alike. One rule is the record's alone: a subscribe's counts add up, which a JSON
 * schema cannot state. The other way round, a count missing or with a fraction, or an answer's list missing, is the
 * catalog's alone (Jackson reads it). Plain JUnit: no Quarkus, no broker. token-service's EventCatalogTest holds every
 * type against the catalog too.
 */
@SuppressWarnings("deprecation") // subscriber.changed.v1 stays, superseded, until it is removed
class MailchimpEventCatalogTest extends PayloadCatalogContract {

    private static final Instant AT = Instant.parse("2026-03-02T10:30:00.123456Z");
    private static final String AUDIENCE = "a6b5da1054";
    private static final String CONNECTION = "5e6f7081-9a2b-4c3d-8e4f-5a6b7c8d9e0f";

    private static final SubscriberChangedV2 SUBSCRIBED = new SubscriberChangedV2(AUDIENCE, "3e3417d7ef77d5932a6734b916515ed5",
            "ada@example.com", SubscriberChange.SUBSCRIBE, SubscriberStatus.SUBSCRIBED, null, null, null, null, null,
            adasMergeFields(), Map.of("firstName", "Ada", "lastName", "Lovelace", "phone", "+44 20 7946 0018"),
            List.of(new InterestGrouping("8821", "Topics", List.of("Analytical engines", "Poetry")),
                    new InterestGrouping("8825", "Events", List.of())),
            SubscriberSource.WEBHOOK, AT, AT.plusSeconds(1));
    private static final SubscriberChangedV2 UPEMAIL = new SubscriberChangedV2(AUDIENCE, "2b9150605ac374d671a306b5fcee60a0",
            "ada.lovelace@example.com", SubscriberChange.UPEMAIL, SubscriberStatus.SUBSCRIBED, SubscriberStatus.SUBSCRIBED,
            null, null, "3e3417d7ef77d5932a6734b916515ed5", "ada@example.com", Map.of(), Map.of(), List.of(),
            SubscriberSource.WEBHOOK, AT, AT.plusSeconds(2));
    private static final SubscriberChangedV2 CLEANED = new SubscriberChangedV2(AUDIENCE, "3e3417d7ef77d5932a6734b916515ed5",
            "ada@example.com", SubscriberChange.CLEANED, SubscriberStatus.CLEANED, SubscriberStatus.SUBSCRIBED, "hard",
            "4d1c0b2a9f", null, null, Map.of(), Map.of(), List.of(), SubscriberSource.WEBHOOK, AT, AT.plusSeconds(1));
    /** The sparsest: every field that may be null is. */
    private static final SubscriberChangedV2 SYNCED = new SubscriberChangedV2(AUDIENCE, "e9aac8733e54c31174bf8ea6fe1b6ecd",
            null, SubscriberChange.SYNCED, SubscriberStatus.UNSUBSCRIBED, null, null, null, null, null,
            Map.of("FNAME", "Charles", "ADDRESS", "", "VISITS", 3), Map.of("firstName", "Charles"),
            List.of(new InterestGrouping(null, null, List.of("Analytical engines"))), SubscriberSource.SYNC, AT, null);
    private static final SubscriberChangedV2 BY_COMMAND = new SubscriberChangedV2(AUDIENCE, "85cd7606472c479b1aa5ede6343dc5e8",
            "grace@example.org", SubscriberChange.UNSUBSCRIBE, SubscriberStatus.UNSUBSCRIBED, SubscriberStatus.SUBSCRIBED,
            null, null, null, null, Map.of("FNAME", "Grace"), Map.of("firstName", "Grace"), List.of(),
            SubscriberSource.COMMAND, AT, null);
    private static final SubscriberChangedV1 V1 = new SubscriberChangedV1(AUDIENCE, "62ca8a2d2a6a8e2b6f3a3b5d5bb8b5e1",
            "ada@example.com", SubscriberChange.UNSUBSCRIBE, SubscriberStatus.UNSUBSCRIBED, "abuse", "4d1c0b2a9f", null,
            SubscriberSource.WEBHOOK, AT);

    private static final MemberCounts MEMBERS = new MemberCounts(4180, 312, 57, 9, 140, 23);
    private static final DeliveryCounts DELIVERIES = new DeliveryCounts(1893, 2, 1, 3);
    /** The sparsest: every field that may be null is. */
    private static final AudienceChangedV1 LINKED = new AudienceChangedV1(AUDIENCE, null, CONNECTION, AudienceChange.LINKED,
            AudienceLinkState.LINKING, null, MemberCounts.NONE, null, DeliveryCounts.NONE, AT);
    private static final AudienceChangedV1 IMPORTED = audience(AudienceChange.IMPORTED, AudienceLinkState.ACTIVE, null);
    private static final AudienceChangedV1 PAUSED = audience(AudienceChange.PAUSED, AudienceLinkState.PAUSED,
            "Mailchimp refused the API key (401)");
    private static final AudienceChangedV1 RESUMED = audience(AudienceChange.RESUMED, AudienceLinkState.LINKING, null);
    private static final AudienceChangedV1 ACTIVITY = audience(AudienceChange.ACTIVITY, AudienceLinkState.ACTIVE, null);
    private static final AudienceChangedV1 ACTIVITY_PAUSED = audience(AudienceChange.ACTIVITY, AudienceLinkState.PAUSED,
            "The Mailchimp connection needs to be reconnected");
    private static final AudienceChangedV1 UNLINKED = audience(AudienceChange.UNLINKED, AudienceLinkState.UNLINKED, null);

    private static final MemberError COMPLIANCE = new MemberError("charles@example.com", "compliance_state", null,
            "The address unsubscribed from this audience: only a double opt-in (status pending) can subscribe it again.");
    private static final MailchimpCommandCompletedV1 UPSERTED = new MailchimpCommandCompletedV1(
            "3b8e1f52-7c4d-4a96-b1e0-5d2f6a7c8e91", MailchimpCommandKind.MEMBER, "upsert", AUDIENCE,
            "3e3417d7ef77d5932a6734b916515ed5", SubscriberStatus.SUBSCRIBED, null, null, null, null, 0, AT);
    /** The sparsest: every field that may be null is. */
    private static final MailchimpCommandCompletedV1 UNSUBSCRIBED_ABSENT = new MailchimpCommandCompletedV1("c-1",
            MailchimpCommandKind.MEMBER, "unsubscribe", AUDIENCE, null, null, null, null, null, null, 0, AT);
    private static final MailchimpCommandCompletedV1 SUBSCRIBED_THREE = new MailchimpCommandCompletedV1(
            "contacts-import-2026-03-06-0001", MailchimpCommandKind.SUBSCRIBE, "subscribe", AUDIENCE, null, null, null, null,
            new SubscribeCounts(3, 1, 1, 1), List.of(COMPLIANCE), 0, AT);
    private static final MailchimpCommandCompletedV1 SUBSCRIBED_MANY_REFUSED = new MailchimpCommandCompletedV1("c-2",
            MailchimpCommandKind.SUBSCRIBE, "subscribe", AUDIENCE, null, null, null, null,
            new SubscribeCounts(50_000, 49_000, 0, 1_000), Collections.nCopies(MailchimpCommandCompletedV1.MAX_ERRORS,
                    new MemberError("x@example.com", "invalid_merge_fields", "BIRTHDAY",
                            "Mailchimp refused the birthday: it takes a month and a day.")), 900, AT);
    private static final MailchimpCommandCompletedV1 CAMPAIGN_SENT = new MailchimpCommandCompletedV1(
            "6f0a2b4c-8d1e-4f3a-9b5c-7d9e1f2a3b4c", MailchimpCommandKind.CAMPAIGN, "create", AUDIENCE, null, null,
            "b7e2a9c41f", CampaignStatus.SENDING, null, List.of(), 0, AT);
    private static final MailchimpCommandFailedV1 COMPLIANCE_STATE = new MailchimpCommandFailedV1(
            "9c4e2a7b-1d3f-4b58-a6c0-8e2f4a6b8c0d", MailchimpCommandKind.MEMBER, "upsert", AUDIENCE,
            "e9aac8733e54c31174bf8ea6fe1b6ecd", null, FailureCategory.PERMANENT, "compliance_state",
            "Member In Compliance State", COMPLIANCE.reason(), List.of(), 1, AT);
    private static final MailchimpCommandFailedV1 NOT_READY = new MailchimpCommandFailedV1("c-3", MailchimpCommandKind.CAMPAIGN,
            "send", AUDIENCE, null, "c3d9f1a7e2", FailureCategory.PERMANENT, "not_ready", "Invalid Resource",
            "Mailchimp will not send the campaign yet: fix what its checklist lists, then send it again.",
            List.of("The reply-to address is on a domain the Mailchimp account has not verified.",
                    "The campaign has no content."), 1, AT);
    private static final MailchimpCommandFailedV1 GAVE_UP = new MailchimpCommandFailedV1("c-4", MailchimpCommandKind.SUBSCRIBE,
            "subscribe", AUDIENCE, null, null, FailureCategory.RATE_LIMIT, "gave_up", "Too Many Requests",
            "Mailchimp kept throttling for a day: no member was written.", null, 57, AT);
    /** The sparsest: every field that may be null is. */
    private static final MailchimpCommandFailedV1 NO_AUDIENCE = new MailchimpCommandFailedV1("c-5",
            MailchimpCommandKind.CAMPAIGN, "create", null, null, null, FailureCategory.PERMANENT, "no_audience", null,
            "No Mailchimp audience is linked: the campaign was not created.", List.of(), 0, AT);

    static Stream<Arguments> validPayloads() {
        return Stream.of(
                Arguments.of("subscribed from a webhook", EventType.SUBSCRIBER_CHANGED_V2, SUBSCRIBED),
                Arguments.of("address changed", EventType.SUBSCRIBER_CHANGED_V2, UPEMAIL),
                Arguments.of("cleaned by a bounce", EventType.SUBSCRIBER_CHANGED_V2, CLEANED),
                Arguments.of("read at the import", EventType.SUBSCRIBER_CHANGED_V2, SYNCED),
                Arguments.of("unsubscribed for a command", EventType.SUBSCRIBER_CHANGED_V2, BY_COMMAND),
                Arguments.of("v1, as catalogued", EventType.SUBSCRIBER_CHANGED, V1),
                Arguments.of("linked", EventType.AUDIENCE_CHANGED, LINKED),
                Arguments.of("imported", EventType.AUDIENCE_CHANGED, IMPORTED),
                Arguments.of("paused", EventType.AUDIENCE_CHANGED, PAUSED),
                Arguments.of("resumed during the import", EventType.AUDIENCE_CHANGED, RESUMED),
                Arguments.of("activity", EventType.AUDIENCE_CHANGED, ACTIVITY),
                Arguments.of("activity while paused", EventType.AUDIENCE_CHANGED, ACTIVITY_PAUSED),
                Arguments.of("unlinked", EventType.AUDIENCE_CHANGED, UNLINKED),
                Arguments.of("an upsert completed", EventType.MAILCHIMP_COMMAND_COMPLETED, UPSERTED),
                Arguments.of("an unsubscribe of no member completed", EventType.MAILCHIMP_COMMAND_COMPLETED,
                        UNSUBSCRIBED_ABSENT),
                Arguments.of("a subscribe completed, one refused", EventType.MAILCHIMP_COMMAND_COMPLETED, SUBSCRIBED_THREE),
                Arguments.of("a subscribe completed, 100 refused listed", EventType.MAILCHIMP_COMMAND_COMPLETED,
                        SUBSCRIBED_MANY_REFUSED),
                Arguments.of("a campaign created and sent", EventType.MAILCHIMP_COMMAND_COMPLETED, CAMPAIGN_SENT),
                Arguments.of("failed: compliance state", EventType.MAILCHIMP_COMMAND_FAILED, COMPLIANCE_STATE),
                Arguments.of("failed: not ready", EventType.MAILCHIMP_COMMAND_FAILED, NOT_READY),
                Arguments.of("failed: gave up", EventType.MAILCHIMP_COMMAND_FAILED, GAVE_UP),
                Arguments.of("failed: no audience", EventType.MAILCHIMP_COMMAND_FAILED, NO_AUDIENCE));
    }

    /** The catalog's examples are what the records write: each reads as its record, which writes it back unchanged. */
    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"SUBSCRIBER_CHANGED", "SUBSCRIBER_CHANGED_V2", "AUDIENCE_CHANGED",
            "MAILCHIMP_COMMAND_COMPLETED", "MAILCHIMP_COMMAND_FAILED"})
    void examplesAreRecordsAsWritten(EventType type) throws IOException {
        assertExamplesAreRecordsAsWritten(type);
    }

    @Test
    void subscriberV2IsWrittenWithItsWireNames() {
        // When
        JsonNode written = JSON.valueToTree(SUBSCRIBED);
        // Then
        assertEquals(List.of("audienceId", "subscriberHash", "email", "change", "status", "previousStatus", "reason",
                "campaignId", "previousSubscriberHash", "previousEmail", "mergeFields", "crmFields", "interests", "source",
                "occurredAt", "receivedAt"), fieldNames(written));
        assertEquals("subscribe", written.path("change").asText());
        assertEquals("webhook", written.path("source").asText());
        assertTrue(written.path("previousStatus").isNull());
        assertEquals("2026-03-02T10:30:00.123456Z", written.path("occurredAt").asText());
        assertEquals("2026-03-02T10:30:01.123456Z", written.path("receivedAt").asText());
        assertEquals("London", written.path("mergeFields").path("ADDRESS").path("city").asText());
        assertEquals(List.of("id", "name", "groups"), fieldNames(written.path("interests").path(0)));
        assertEquals("Poetry", written.path("interests").path(0).path("groups").path(1).asText());
        assertEquals("synced", JSON.valueToTree(SYNCED).path("change").asText());
        assertEquals(3, JSON.valueToTree(SYNCED).path("mergeFields").path("VISITS").asInt());
        assertEquals("command", JSON.valueToTree(BY_COMMAND).path("source").asText());
    }

    @Test
    void audienceIsWrittenWithItsWireNames() {
        // When
        JsonNode written = JSON.valueToTree(PAUSED);
        // Then
        assertEquals(List.of("audienceId", "audienceName", "connectionId", "change", "state", "pausedReason", "members",
                "lastDeliveryAt", "deliveries", "occurredAt"), fieldNames(written));
        assertEquals("paused", written.path("change").asText());
        assertEquals("paused", written.path("state").asText());
        assertEquals(List.of("subscribed", "unsubscribed", "cleaned", "pending", "transactional", "archived"),
                fieldNames(written.path("members")));
        assertEquals(4180, written.path("members").path("subscribed").asLong());
        assertEquals(List.of("received", "rejected", "parked", "stale"), fieldNames(written.path("deliveries")));
        assertEquals(3, written.path("deliveries").path("stale").asLong());
        assertEquals("linking", JSON.valueToTree(LINKED).path("state").asText());
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"SUBSCRIBER_CHANGED", "SUBSCRIBER_CHANGED_V2", "AUDIENCE_CHANGED",
            "MAILCHIMP_COMMAND_COMPLETED", "MAILCHIMP_COMMAND_FAILED"})
    void schemaNamesExactlyTheRecordsFields(EventType type) {
        assertSchemaNamesExactlyTheRecordsFields(type);
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"SUBSCRIBER_CHANGED_V2", "AUDIENCE_CHANGED", "MAILCHIMP_COMMAND_COMPLETED",
            "MAILCHIMP_COMMAND_FAILED"})
    void schemaRequiresExactlyTheFieldsTheRecordCannotDoWithout(EventType type) {
        // Given: the sparsest valid payload of the type, where every field that may be null is null
        Map<Class<?>, Record> sparsest = switch (type) {
            case AUDIENCE_CHANGED -> Map.of(AudienceChangedV1.class, LINKED, MemberCounts.class, MemberCounts.NONE,
                    DeliveryCounts.class, DeliveryCounts.NONE);
            case MAILCHIMP_COMMAND_COMPLETED -> Map.of(MailchimpCommandCompletedV1.class, UNSUBSCRIBED_ABSENT,
                    SubscribeCounts.class, SUBSCRIBED_THREE.counts(), MemberError.class, COMPLIANCE);
            case MAILCHIMP_COMMAND_FAILED -> Map.of(MailchimpCommandFailedV1.class, NO_AUDIENCE);
            default -> Map.of(SubscriberChangedV2.class, SYNCED, InterestGrouping.class, SYNCED.interests().get(0));
        };
        for (Map.Entry<Class<?>, JsonNode> described : described(type).entrySet()) {
            assertRequiresExactlyTheFieldsNeverNull(described.getValue(), List.of(sparsest.get(described.getKey())),
                    Set.of());
        }
    }

    /** v1 lists the values it was catalogued with: not {@code synced} nor {@code command}, which its record refuses. */
    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"SUBSCRIBER_CHANGED", "SUBSCRIBER_CHANGED_V2", "AUDIENCE_CHANGED",
            "MAILCHIMP_COMMAND_COMPLETED", "MAILCHIMP_COMMAND_FAILED"})
    void schemaListsExactlyTheWireValuesOfEachEnum(EventType type) {
        assertSchemaListsExactlyTheWireValuesOfEachEnum(type,
                type == EventType.SUBSCRIBER_CHANGED ? Set.of("synced", "command") : Set.of());
    }

    /** Payloads that break one rule of their record, each with the field the catalog names for it. */
    static Stream<Arguments> malformedPayloads() {
        return Stream.of(
                malformed("v1 synced", V1, "change", p -> p.put("change", "synced").put("source", "sync")),
                malformed("v1 from a command", V1, "source", p -> p.put("source", "command")),
                malformed("subscriberHash in upper case", SUBSCRIBED, "subscriberHash",
                        p -> p.put("subscriberHash", "3E3417D7EF77D5932A6734B916515ED5")),
                malformed("subscriberHash of 31 digits", SUBSCRIBED, "subscriberHash",
                        p -> p.put("subscriberHash", "3e3417d7ef77d5932a6734b916515ed")),
                malformed("subscriberHash missing", SUBSCRIBED, "subscriberHash", p -> p.remove("subscriberHash")),
                malformed("previousSubscriberHash not an MD5", UPEMAIL, "previousSubscriberHash",
                        p -> p.put("previousSubscriberHash", "ada@example.com")),
                malformed("audienceId blank", SUBSCRIBED, "audienceId", p -> p.put("audienceId", "\u2003")),
                malformed("email blank", SUBSCRIBED, "email", p -> p.put("email", " ")),
                malformed("an unknown change", SUBSCRIBED, "change", p -> p.put("change", "deleted")),
                malformed("status missing", SUBSCRIBED, "status", p -> p.remove("status")),
                malformed("an unknown previousStatus", CLEANED, "previousStatus", p -> p.put("previousStatus", "bounced")),
                malformed("an unknown source", SUBSCRIBED, "source", p -> p.put("source", "import")),
                malformed("synced from a webhook", SUBSCRIBED, "source", p -> p.put("change", "synced")),
                malformed("synced by a command", BY_COMMAND, "source", p -> p.put("change", "synced")),
                malformed("a sync that is not synced", SYNCED, "change", p -> p.put("change", "subscribe")),
                malformed("a webhook without its reception", SUBSCRIBED, "receivedAt", p -> p.putNull("receivedAt")),
                malformed("a sync with a reception", SYNCED, "receivedAt", p -> p.put("receivedAt", "2026-03-02T10:30:01Z")),
                malformed("receivedAt not a time", SUBSCRIBED, "receivedAt", p -> p.put("receivedAt", "just now")),
                malformed("an old address on a subscribe", SUBSCRIBED, "previousEmail",
                        p -> p.put("previousEmail", "ada.lovelace@example.com")),
                malformed("an old hash on a profile", CLEANED, "previousSubscriberHash",
                        p -> p.put("change", "profile").put("previousSubscriberHash", "2b9150605ac374d671a306b5fcee60a0")),
                malformed("mergeFields missing", SUBSCRIBED, "mergeFields", p -> p.remove("mergeFields")),
                malformed("mergeFields null", SUBSCRIBED, "mergeFields", p -> p.putNull("mergeFields")),
                malformed("a merge field null", SUBSCRIBED, "mergeFields", p -> object(p, "mergeFields").putNull("PHONE")),
                malformed("a merge field true", SUBSCRIBED, "mergeFields", p -> object(p, "mergeFields").put("OPTIN", true)),
                malformed("a merge field a list", SUBSCRIBED, "mergeFields",
                        p -> object(p, "mergeFields").putArray("PHONE").add("+44")),
                malformed("a merge tag blank", SUBSCRIBED, "mergeFields", p -> object(p, "mergeFields").put(" ", "Ada")),
                malformed("an address with a number", SUBSCRIBED, "mergeFields",
                        p -> object(p, "mergeFields", "ADDRESS").put("zip", 12345)),
                malformed("an address part null", SUBSCRIBED, "mergeFields",
                        p -> object(p, "mergeFields", "ADDRESS").putNull("addr2")),
                malformed("crmFields missing", SUBSCRIBED, "crmFields", p -> p.remove("crmFields")),
                malformed("a CRM field null", SUBSCRIBED, "crmFields", p -> object(p, "crmFields").putNull("phone")),
                malformed("a CRM field an object", SUBSCRIBED, "crmFields",
                        p -> object(p, "crmFields").putObject("address").put("city", "London")),
                malformed("a CRM field name blank", SUBSCRIBED, "crmFields", p -> object(p, "crmFields").put("", "Ada")),
                malformed("interests missing", SUBSCRIBED, "interests", p -> p.remove("interests")),
                malformed("interests null", SUBSCRIBED, "interests", p -> p.putNull("interests")),
                malformed("a grouping without groups", SUBSCRIBED, "groups",
                        p -> object(p, "interests", 0).remove("groups")),
                malformed("a blank group", SUBSCRIBED, "groups",
                        p -> ((ArrayNode) p.get("interests").get(0).get("groups")).add(" ")),
                malformed("a grouping's blank name", SUBSCRIBED, "name",
                        p -> object(p, "interests", 0).put("name", "")),
                malformed("occurredAt missing", SUBSCRIBED, "occurredAt", p -> p.remove("occurredAt")),
                malformed("linked and active", LINKED, "state", p -> p.put("state", "active")),
                malformed("imported and still linking", IMPORTED, "state", p -> p.put("state", "linking")),
                malformed("resumed and paused", RESUMED, "state", p -> p.put("state", "paused").put("pausedReason", "401")),
                malformed("unlinked and active", UNLINKED, "state", p -> p.put("state", "active")),
                malformed("activity after the unlink", ACTIVITY, "state", p -> p.put("state", "unlinked")),
                malformed("paused and active", ACTIVITY, "state", p -> p.put("change", "paused")),
                malformed("an unknown change of the audience", ACTIVITY, "change", p -> p.put("change", "archived")),
                malformed("an unknown state", ACTIVITY, "state", p -> p.put("state", "broken")),
                malformed("paused without its reason", PAUSED, "pausedReason", p -> p.putNull("pausedReason")),
                malformed("a reason while active", ACTIVITY, "pausedReason", p -> p.put("pausedReason", "401")),
                malformed("pausedReason of two lines", PAUSED, "pausedReason",
                        p -> p.put("pausedReason", "Mailchimp refused the key.\nReconnect.")),
                malformed("pausedReason of 201 characters", PAUSED, "pausedReason",
                        p -> p.put("pausedReason", "a".repeat(201))),
                malformed("pausedReason quoting a bearer header", PAUSED, "pausedReason",
                        p -> p.put("pausedReason", "Refused Bearer abc")),
                malformed("connectionId blank", ACTIVITY, "connectionId", p -> p.put("connectionId", " ")),
                malformed("audienceName blank", ACTIVITY, "audienceName", p -> p.put("audienceName", "")),
                malformed("members missing", ACTIVITY, "members", p -> p.remove("members")),
                malformed("a negative member count", ACTIVITY, "subscribed", p -> object(p, "members").put("subscribed", -1)),
                malformed("deliveries null", ACTIVITY, "deliveries", p -> p.putNull("deliveries")),
                malformed("a negative delivery count", ACTIVITY, "stale", p -> object(p, "deliveries").put("stale", -3)),
                malformed("lastDeliveryAt not a time", ACTIVITY, "lastDeliveryAt", p -> p.put("lastDeliveryAt", "yesterday")),
                malformed("commandId blank", UPSERTED, "commandId", p -> p.put("commandId", " ")),
                malformed("an unknown command", UPSERTED, "command", p -> p.put("command", "tag")),
                malformed("action missing", UPSERTED, "action", p -> p.remove("action")),
                malformed("action blank", NOT_READY, "action", p -> p.put("action", "\u2003")),
                malformed("completed without its audience", UPSERTED, "audienceId", p -> p.putNull("audienceId")),
                malformed("subscriberHash in upper case of an answer", UPSERTED, "subscriberHash",
                        p -> p.put("subscriberHash", "3E3417D7EF77D5932A6734B916515ED5")),
                malformed("an unknown member status", UPSERTED, "memberStatus", p -> p.put("memberStatus", "bounced")),
                malformed("an unknown campaign status", CAMPAIGN_SENT, "campaignStatus", p -> p.put("campaignStatus", "draft")),
                malformed("a subscribe without counts", SUBSCRIBED_THREE, "counts", p -> p.putNull("counts")),
                malformed("counts for a member command", UPSERTED, "counts",
                        p -> p.set("counts", JSON.valueToTree(new SubscribeCounts(1, 0, 1, 0)))),
                malformed("a campaign without campaignId", CAMPAIGN_SENT, "campaignId", p -> p.remove("campaignId")),
                malformed("campaignId for a member command", UPSERTED, "campaignId", p -> p.put("campaignId", "b7e2a9c41f")),
                malformed("campaignId blank", CAMPAIGN_SENT, "campaignId", p -> p.put("campaignId", " ")),
                malformed("a negative count of created", SUBSCRIBED_THREE, "created", p -> object(p, "counts")
                        .put("created", -1).put("updated", 3)),
                malformed("101 errors", SUBSCRIBED_MANY_REFUSED, "errors",
                        p -> ((ArrayNode) p.get("errors")).add(JSON.valueToTree(COMPLIANCE))),
                malformed("a null error", SUBSCRIBED_THREE, "errors", p -> ((ArrayNode) p.get("errors")).addNull()),
                malformed("an error without its address", SUBSCRIBED_THREE, "email", p -> object(p, "errors", 0).remove("email")),
                malformed("an error's code blank", SUBSCRIBED_THREE, "code", p -> object(p, "errors", 0).put("code", "")),
                malformed("an error's field blank", SUBSCRIBED_THREE, "field", p -> object(p, "errors", 0).put("field", " ")),
                malformed("an error's reason of 301 characters", SUBSCRIBED_THREE, "reason",
                        p -> object(p, "errors", 0).put("reason", "a".repeat(MemberError.REASON_MAX_LENGTH + 1))),
                malformed("an error's reason quoting a bearer header", SUBSCRIBED_THREE, "reason",
                        p -> object(p, "errors", 0).put("reason", "Refused Bearer abc")),
                malformed("negative errorsOmitted", SUBSCRIBED_MANY_REFUSED, "errorsOmitted", p -> p.put("errorsOmitted", -1)),
                malformed("completedAt missing", UPSERTED, "completedAt", p -> p.remove("completedAt")),
                malformed("failed without its command", NOT_READY, "command", p -> p.putNull("command")),
                malformed("failed's audienceId blank", NOT_READY, "audienceId", p -> p.put("audienceId", "")),
                malformed("failed's subscriberHash not an MD5", COMPLIANCE_STATE, "subscriberHash",
                        p -> p.put("subscriberHash", "charles@example.com")),
                malformed("failed's campaignId blank", NOT_READY, "campaignId", p -> p.put("campaignId", "\t")),
                malformed("an unknown category", NOT_READY, "category", p -> p.put("category", "fatal")),
                malformed("code missing", NOT_READY, "code", p -> p.remove("code")),
                malformed("providerCode blank", NOT_READY, "providerCode", p -> p.put("providerCode", " ")),
                malformed("reason missing", NOT_READY, "reason", p -> p.remove("reason")),
                malformed("reason of two lines", NOT_READY, "reason", p -> p.put("reason", "Not ready.\nFix it.")),
                malformed("reason of 501 characters", NOT_READY, "reason",
                        p -> p.put("reason", "a".repeat(MailchimpCommandFailedV1.REASON_MAX_LENGTH + 1))),
                malformed("reason quoting a JWT", GAVE_UP, "reason",
                        p -> p.put("reason", "Refused eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIn0.c2ln")),
                malformed("a problem blank", NOT_READY, "problems", p -> ((ArrayNode) p.get("problems")).add(" ")),
                malformed("a null problem", NOT_READY, "problems", p -> ((ArrayNode) p.get("problems")).addNull()),
                malformed("a problem of 501 characters", NOT_READY, "problems",
                        p -> ((ArrayNode) p.get("problems")).add("a".repeat(MailchimpCommandFailedV1.REASON_MAX_LENGTH + 1))),
                malformed("a problem quoting a Google token", NOT_READY, "problems",
                        p -> ((ArrayNode) p.get("problems")).add("Google refused ya29.a0AfB")),
                malformed("negative attempts", NO_AUDIENCE, "attempts", p -> p.put("attempts", -1)),
                malformed("failedAt not a time", NO_AUDIENCE, "failedAt", p -> p.put("failedAt", "yesterday")));
    }

    /** The rule a JSON schema cannot state (it adds up counts): the catalog's description says it, the record holds it. */
    static Stream<Arguments> payloadsOnlyTheRecordRefuses() {
        return Stream.of(
                malformed("subscribe counts that do not add up", SUBSCRIBED_THREE, "requested",
                        p -> object(p, "counts").put("requested", 4)),
                malformed("subscribe counts that add up only by overflowing", SUBSCRIBED_THREE, "requested",
                        p -> object(p, "counts").put("requested", 0).put("created", Integer.MAX_VALUE)
                                .put("updated", Integer.MAX_VALUE).put("failed", 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloadsOnlyTheRecordRefuses")
    void catalogCannotAddUpCounts(String name, EventType type, ObjectNode payload, String field) throws IOException {
        // When
        List<String> violations = violations(type, payload);
        // Then
        assertEquals(List.of(), violations);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloadsOnlyTheRecordRefuses")
    void recordAddsUpCounts(String name, EventType type, ObjectNode payload, String field) {
        assertRecordRefuses(type, payload);
    }

    /**
     * What the catalog refuses and the record reads, as every payload record does: Jackson reads a missing count as 0
     * and truncates a fraction, and an answer's record reads a missing list as empty. mailchimp-service writes its
     * events through the record, so it never publishes them; a consumer that reads one gets a value it can use.
     */
    static Stream<Arguments> payloadsOnlyTheCatalogRefuses() {
        return Stream.of(
                malformed("a member count missing", ACTIVITY, "archived", p -> object(p, "members").remove("archived")),
                malformed("a delivery count with a fraction", ACTIVITY, "received",
                        p -> object(p, "deliveries").put("received", 1893.5)),
                malformed("a subscribe count missing", SUBSCRIBED_THREE, "failed", p -> object(p, "counts").put("requested", 2)
                        .remove("failed")),
                malformed("errors missing", UPSERTED, "errors", p -> p.remove("errors")),
                malformed("errors null", CAMPAIGN_SENT, "errors", p -> p.putNull("errors")),
                malformed("problems missing", GAVE_UP, "problems", p -> p.remove("problems")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloadsOnlyTheCatalogRefuses")
    void catalogRefusesWhatTheRecordReads(String name, EventType type, ObjectNode payload, String field) throws IOException {
        // When
        List<String> violations = violations(type, payload);
        // Then
        assertNamed(field, violations);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloadsOnlyTheCatalogRefuses")
    void recordReadsWhatTheCatalogRefuses(String name, EventType type, ObjectNode payload, String field) {
        assertRecordReads(type, payload);
    }

    @Test
    void answersAreWrittenWithTheirWireNames() {
        // When
        JsonNode completed = JSON.valueToTree(SUBSCRIBED_THREE);
        JsonNode failed = JSON.valueToTree(NOT_READY);
        // Then
        assertEquals(List.of("commandId", "command", "action", "audienceId", "subscriberHash", "memberStatus", "campaignId",
                "campaignStatus", "counts", "errors", "errorsOmitted", "completedAt"), fieldNames(completed));
        assertEquals("subscribe", completed.path("command").asText());
        assertEquals(List.of("requested", "created", "updated", "failed"), fieldNames(completed.path("counts")));
        assertEquals(List.of("email", "code", "field", "reason"), fieldNames(completed.path("errors").path(0)));
        assertEquals(List.of("commandId", "command", "action", "audienceId", "subscriberHash", "campaignId", "category",
                "code", "providerCode", "reason", "problems", "attempts", "failedAt"), fieldNames(failed));
        assertEquals("permanent", failed.path("category").asText());
        assertTrue(JSON.valueToTree(GAVE_UP).path("problems").isArray());
    }

    private static AudienceChangedV1 audience(AudienceChange change, AudienceLinkState state, String pausedReason) {
        return new AudienceChangedV1(AUDIENCE, "Acme newsletter", CONNECTION, change, state, pausedReason, MEMBERS,
                AT.minusSeconds(480), DELIVERIES, AT);
    }
}
