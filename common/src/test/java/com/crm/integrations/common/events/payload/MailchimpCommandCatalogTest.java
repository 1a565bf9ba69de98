package com.crm.integrations.common.events.payload;

import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;

import com.crm.integrations.common.events.EventType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * mailchimp.member-command.v1 (with its {@link MemberTag tags}), mailchimp.subscribe-command.v1 (with its
 * {@link MemberInput members}) and mailchimp.campaign-command.v1 (with its {@link CampaignSettings settings} and
 * {@link CampaignContent content}) against docs/asyncapi.yaml: valid records, written as Quarkus writes them, conform to
 * their messages; the catalog's examples are records as written; each schema names the record's fields, requires
 * exactly those it cannot do without and lists exactly its enums' wire values; a command that breaks one of the
 * record's rules is refused by the catalog and by the record alike (mailchimp-service parks it, unanswered). A
 * command's record reads more than the catalog allows: which action takes the profile, tags, an audience, settings,
 * content or a time, and what a merge field may hold, is mailchimp-service's to check (it answers
 * {@code invalid_command}), so the catalog refuses those commands and the record reads them; and what no JSON schema
 * can state (an address Mailchimp takes, a field mapping, a quarter hour ahead, each address once) neither refuses. The
 * answers, mailchimp.command-completed.v1 and mailchimp.command-failed.v1, are MailchimpEventCatalogTest's. Plain JUnit:
 * no Quarkus, no broker. token-service's EventCatalogTest holds every type against the catalog too.
 */
class MailchimpCommandCatalogTest extends CommandCatalogContract {

    private static final String AUDIENCE = "a6b5da1054";
    private static final String CAMPAIGN = "c3d9f1a7e2";
    private static final Instant TUESDAY = Instant.parse("2026-03-10T07:00:00Z");
    /** A character outside the BMP: two UTF-16 chars, one character as JSON Schema and the records count. */
    private static final String LABEL = "\uD83C\uDFF7";

    private static final MemberTag CUSTOMER = new MemberTag("customer", true);
    private static final MailchimpMemberCommandV1 UPSERT = new MailchimpMemberCommandV1(MemberCommandAction.UPSERT, null,
            "ada@example.com", null, adasMergeFields(), Map.of("company", "Analytical Engines Ltd"),
            Map.of("9143cf3bd1", true, "b2e7c04d6a", false), "en", false, List.of(CUSTOMER, new MemberTag("trial", false)));
    private static final MailchimpMemberCommandV1 DOUBLE_OPT_IN = new MailchimpMemberCommandV1(MemberCommandAction.UPSERT,
            AUDIENCE, "charles@example.com", SubscriberStatus.PENDING, Map.of("VISITS", 3), Map.of(), Map.of(), null, true,
            List.of());
    private static final MailchimpMemberCommandV1 SET_TAGS = new MailchimpMemberCommandV1(MemberCommandAction.SET_TAGS,
            null, "ada@example.com", null, null, null, null, null, null, List.of(new MemberTag("webinar-2026-03", true)));
    /** The sparsest: every field that may be null is. */
    private static final MailchimpMemberCommandV1 UNSUBSCRIBE = new MailchimpMemberCommandV1(
            MemberCommandAction.UNSUBSCRIBE, null, "grace@example.org", null, null, null, null, null, null, null);
    private static final MailchimpMemberCommandV1 MOST_TAGS = new MailchimpMemberCommandV1(MemberCommandAction.SET_TAGS,
            AUDIENCE, "a".repeat(MemberInput.EMAIL_MAX_LENGTH - "@example.com".length()) + "@example.com", null, null,
            null, null, null, null, Collections.nCopies(MailchimpMemberCommandV1.MAX_TAGS,
                    new MemberTag(LABEL.repeat(MemberTag.NAME_MAX_LENGTH), false)));

    /** The sparsest member: every field that may be null is. */
    private static final MemberInput GRACE = new MemberInput("grace@example.org", null, null, null, null, null, null);
    private static final MailchimpSubscribeCommandV1 SUBSCRIBE_THREE = new MailchimpSubscribeCommandV1(AUDIENCE, List.of(
            new MemberInput("ada@example.com", SubscriberStatus.SUBSCRIBED, adasMergeFields(), Map.of(), Map.of(), "en", null),
            new MemberInput("charles@example.com", null, Map.of(), Map.of("firstName", "Charles", "lastName", "Babbage"),
                    Map.of("9143cf3bd1", true), null, false),
            GRACE));
    private static final MailchimpSubscribeCommandV1 SUBSCRIBE_ONE = new MailchimpSubscribeCommandV1(null, List.of(GRACE));
    private static final MailchimpSubscribeCommandV1 SUBSCRIBE_MOST = new MailchimpSubscribeCommandV1(null,
            Collections.nCopies(MailchimpSubscribeCommandV1.MAX_MEMBERS, GRACE));

    /** The sparsest settings: every field that may be null is. */
    private static final CampaignSettings SETTINGS = new CampaignSettings("Spring news from Acme", "Acme", "news@example.com",
            null, null);
    private static final MailchimpCampaignCommandV1 CREATE_AND_SEND = new MailchimpCampaignCommandV1(
            CampaignCommandAction.CREATE, null, null, new CampaignSettings("Spring news from Acme", "Acme",
                    "news@example.com", "Spring news 2026", "Three new engines and a poetry evening"),
            new CampaignContent("<html><body><h1>Spring news</h1></body></html>", null), true, null);
    private static final MailchimpCampaignCommandV1 CREATE_SCHEDULED = new MailchimpCampaignCommandV1(
            CampaignCommandAction.CREATE, null, AUDIENCE, SETTINGS, new CampaignContent(null, "Spring news"), false, TUESDAY);
    /** The sparsest create: every field that may be null is. */
    private static final MailchimpCampaignCommandV1 CREATE_DRAFT = new MailchimpCampaignCommandV1(
            CampaignCommandAction.CREATE, null, null, SETTINGS, null, null, null);
    private static final MailchimpCampaignCommandV1 CREATE_LONGEST = new MailchimpCampaignCommandV1(
            CampaignCommandAction.CREATE, null, null, new CampaignSettings(LABEL.repeat(150), LABEL.repeat(100),
                    "n".repeat(MemberInput.EMAIL_MAX_LENGTH - "@example.com".length()) + "@example.com", null, null),
            null, null, null);
    private static final MailchimpCampaignCommandV1 SET_CONTENT = new MailchimpCampaignCommandV1(
            CampaignCommandAction.SET_CONTENT, CAMPAIGN, null, null, new CampaignContent(null, "Spring news"), null, null);
    private static final MailchimpCampaignCommandV1 SEND = new MailchimpCampaignCommandV1(CampaignCommandAction.SEND,
            CAMPAIGN, null, null, null, null, null);
    private static final MailchimpCampaignCommandV1 SCHEDULE = new MailchimpCampaignCommandV1(
            CampaignCommandAction.SCHEDULE, CAMPAIGN, null, null, null, null, TUESDAY);
    /** The sparsest campaign command that names a campaign: every field that may be null is. */
    private static final MailchimpCampaignCommandV1 UNSCHEDULE = new MailchimpCampaignCommandV1(
            CampaignCommandAction.UNSCHEDULE, CAMPAIGN, null, null, null, null, null);

    /** For each record, its values where every field that may be null is (one for each field that stands in for another). */
    private static final Map<Class<?>, List<Record>> SPARSEST = Map.of(
            MailchimpMemberCommandV1.class, List.of(UNSUBSCRIBE),
            MemberTag.class, List.of(CUSTOMER),
            MailchimpSubscribeCommandV1.class, List.of(SUBSCRIBE_ONE),
            MemberInput.class, List.of(GRACE),
            MailchimpCampaignCommandV1.class, List.of(UNSCHEDULE, CREATE_DRAFT),
            CampaignSettings.class, List.of(SETTINGS),
            CampaignContent.class, List.of(new CampaignContent("<p>Spring</p>", null), new CampaignContent(null, "Spring")));

    /** The maps and lists each record reads as empty when they are null or absent: a sender may leave them out. */
    private static final Map<Class<?>, Set<String>> READ_AS_EMPTY = Map.of(
            MailchimpMemberCommandV1.class, Set.of("mergeFields", "crmFields", "interests", "tags"),
            MemberInput.class, Set.of("mergeFields", "crmFields", "interests"));

    static Stream<Arguments> validPayloads() {
        return Stream.of(
                Arguments.of("upsert with merge fields, CRM fields, interests and tags", EventType.MAILCHIMP_MEMBER_COMMAND,
                        UPSERT),
                Arguments.of("upsert as a double opt-in, a number as merge field", EventType.MAILCHIMP_MEMBER_COMMAND,
                        DOUBLE_OPT_IN),
                Arguments.of("set tags", EventType.MAILCHIMP_MEMBER_COMMAND, SET_TAGS),
                Arguments.of("unsubscribe", EventType.MAILCHIMP_MEMBER_COMMAND, UNSUBSCRIBE),
                Arguments.of("50 tags of the longest names, the longest address", EventType.MAILCHIMP_MEMBER_COMMAND,
                        MOST_TAGS),
                Arguments.of("subscribe three members", EventType.MAILCHIMP_SUBSCRIBE_COMMAND, SUBSCRIBE_THREE),
                Arguments.of("subscribe one member to the default audience", EventType.MAILCHIMP_SUBSCRIBE_COMMAND,
                        SUBSCRIBE_ONE),
                Arguments.of("subscribe 50,000 members", EventType.MAILCHIMP_SUBSCRIBE_COMMAND, SUBSCRIBE_MOST),
                Arguments.of("create, fill and send", EventType.MAILCHIMP_CAMPAIGN_COMMAND, CREATE_AND_SEND),
                Arguments.of("create, fill and schedule", EventType.MAILCHIMP_CAMPAIGN_COMMAND, CREATE_SCHEDULED),
                Arguments.of("create a draft", EventType.MAILCHIMP_CAMPAIGN_COMMAND, CREATE_DRAFT),
                Arguments.of("create with the longest settings", EventType.MAILCHIMP_CAMPAIGN_COMMAND, CREATE_LONGEST),
                Arguments.of("set content", EventType.MAILCHIMP_CAMPAIGN_COMMAND, SET_CONTENT),
                Arguments.of("send", EventType.MAILCHIMP_CAMPAIGN_COMMAND, SEND),
                Arguments.of("schedule", EventType.MAILCHIMP_CAMPAIGN_COMMAND, SCHEDULE),
                Arguments.of("unschedule", EventType.MAILCHIMP_CAMPAIGN_COMMAND, UNSCHEDULE));
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"MAILCHIMP_MEMBER_COMMAND", "MAILCHIMP_SUBSCRIBE_COMMAND",
            "MAILCHIMP_CAMPAIGN_COMMAND"})
    void examplesAreRecordsAsWritten(EventType type) throws IOException {
        assertExamplesAreRecordsAsWritten(type);
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"MAILCHIMP_MEMBER_COMMAND", "MAILCHIMP_SUBSCRIBE_COMMAND",
            "MAILCHIMP_CAMPAIGN_COMMAND"})
    void schemaNamesExactlyTheRecordsFields(EventType type) {
        assertSchemaNamesExactlyTheRecordsFields(type);
    }

    /** Not the maps and lists a record reads as empty: a sender may leave them out. */
    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"MAILCHIMP_MEMBER_COMMAND", "MAILCHIMP_SUBSCRIBE_COMMAND",
            "MAILCHIMP_CAMPAIGN_COMMAND"})
    void schemaRequiresExactlyTheFieldsTheRecordCannotDoWithout(EventType type) {
        for (Map.Entry<Class<?>, JsonNode> described : described(type).entrySet()) {
            assertRequiresExactlyTheFieldsNeverNull(described.getValue(), SPARSEST.get(described.getKey()),
                    READ_AS_EMPTY.getOrDefault(described.getKey(), Set.of()));
        }
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"MAILCHIMP_MEMBER_COMMAND", "MAILCHIMP_SUBSCRIBE_COMMAND",
            "MAILCHIMP_CAMPAIGN_COMMAND"})
    void schemaListsExactlyTheWireValuesOfEachEnum(EventType type) {
        assertSchemaListsExactlyTheWireValuesOfEachEnum(type, Set.of());
    }

    /** Commands that break one rule of their record, each with the field the catalog names for it. */
    static Stream<Arguments> malformedPayloads() {
        return Stream.of(
                malformed("action missing", UPSERT, "action", p -> p.remove("action")),
                malformed("an unknown action", UPSERT, "action", p -> p.put("action", "delete")),
                malformed("email missing", UPSERT, "email", p -> p.remove("email")),
                malformed("email of em spaces", UNSUBSCRIBE, "email", p -> p.put("email", "\u2003\u2003")),
                malformed("email of 255 characters", MOST_TAGS, "email", p -> p.put("email", "a" + p.get("email").asText())),
                malformed("audienceId blank", UNSUBSCRIBE, "audienceId", p -> p.put("audienceId", " ")),
                malformed("an unknown status", UPSERT, "status", p -> p.put("status", "bounced")),
                malformed("language blank", UPSERT, "language", p -> p.put("language", "")),
                malformed("vip not a boolean", UPSERT, "vip", p -> p.put("vip", "yes")),
                malformed("merge fields not an object", UPSERT, "mergeFields", p -> p.put("mergeFields", "FNAME=Ada")),
                malformed("a CRM field an object", UPSERT, "crmFields",
                        p -> object(p, "crmFields").putObject("company").put("name", "Analytical Engines Ltd")),
                malformed("an interest not a boolean", UPSERT, "interests", p -> object(p, "interests").put("9143cf3bd1", "yes")),
                malformed("set_tags without tags", SET_TAGS, "tags", p -> p.putNull("tags")),
                malformed("set_tags with tags missing", SET_TAGS, "tags", p -> p.remove("tags")),
                malformed("set_tags with no tags", SET_TAGS, "tags", p -> p.putArray("tags")),
                malformed("51 tags", MOST_TAGS, "tags", p -> ((ArrayNode) p.get("tags")).add(JSON.valueToTree(CUSTOMER))),
                malformed("a null tag", UPSERT, "tags", p -> ((ArrayNode) p.get("tags")).addNull()),
                malformed("a tag without its name", SET_TAGS, "name", p -> object(p, "tags", 0).remove("name")),
                malformed("a tag's name blank", SET_TAGS, "name", p -> object(p, "tags", 0).put("name", "\t")),
                malformed("a tag's name of 69 characters", MOST_TAGS, "name",
                        p -> object(p, "tags", 0).put("name", LABEL.repeat(MemberTag.NAME_MAX_LENGTH + 1))),
                malformed("a tag without active", SET_TAGS, "active", p -> object(p, "tags", 0).remove("active")),
                malformed("a tag's active null", UPSERT, "active", p -> object(p, "tags", 1).putNull("active")),
                malformed("a tag's active not a boolean", UPSERT, "active", p -> object(p, "tags", 1).put("active", "no")),
                malformed("members missing", SUBSCRIBE_ONE, "members", p -> p.remove("members")),
                malformed("members null", SUBSCRIBE_ONE, "members", p -> p.putNull("members")),
                malformed("no members", SUBSCRIBE_ONE, "members", p -> p.putArray("members")),
                malformed("50,001 members", SUBSCRIBE_MOST, "members",
                        p -> ((ArrayNode) p.get("members")).add(JSON.valueToTree(GRACE))),
                malformed("a null member", SUBSCRIBE_THREE, "members", p -> ((ArrayNode) p.get("members")).addNull()),
                malformed("a member without its address", SUBSCRIBE_THREE, "email", p -> object(p, "members", 2).remove("email")),
                malformed("a member's address of 255 characters", SUBSCRIBE_THREE, "email",
                        p -> object(p, "members", 2).put("email", "g".repeat(243) + "@example.org")),
                malformed("a member's unknown status", SUBSCRIBE_THREE, "status",
                        p -> object(p, "members", 0).put("status", "active")),
                malformed("a member's language blank", SUBSCRIBE_THREE, "language",
                        p -> object(p, "members", 0).put("language", " ")),
                malformed("a subscribe's audienceId blank", SUBSCRIBE_THREE, "audienceId", p -> p.put("audienceId", "")),
                malformed("campaign action null", SEND, "action", p -> p.putNull("action")),
                malformed("an unknown campaign action", SEND, "action", p -> p.put("action", "archive")),
                malformed("create without settings", CREATE_DRAFT, "settings", p -> p.putNull("settings")),
                malformed("create with settings missing", CREATE_DRAFT, "settings", p -> p.remove("settings")),
                malformed("create naming a campaign", CREATE_DRAFT, "campaignId", p -> p.put("campaignId", CAMPAIGN)),
                malformed("send without campaignId", SEND, "campaignId", p -> p.putNull("campaignId")),
                malformed("unschedule with campaignId missing", UNSCHEDULE, "campaignId", p -> p.remove("campaignId")),
                malformed("campaignId blank", SCHEDULE, "campaignId", p -> p.put("campaignId", "\u3000")),
                malformed("send with send", SEND, "send", p -> p.put("send", true)),
                malformed("set_content with send false", SET_CONTENT, "send", p -> p.put("send", false)),
                malformed("send and scheduleAt", CREATE_AND_SEND, "scheduleAt", p -> p.put("scheduleAt", "2026-03-10T07:00:00Z")),
                malformed("set_content without content", SET_CONTENT, "content", p -> p.putNull("content")),
                malformed("schedule without scheduleAt", SCHEDULE, "scheduleAt", p -> p.remove("scheduleAt")),
                malformed("scheduleAt not a time", SCHEDULE, "scheduleAt", p -> p.put("scheduleAt", "Tuesday at eight")),
                malformed("send not a boolean", CREATE_AND_SEND, "send", p -> p.put("send", "now")),
                malformed("content with html and plain text", CREATE_AND_SEND, "plainText",
                        p -> object(p, "content").put("plainText", "Spring news")),
                malformed("content with neither", SET_CONTENT, "plainText", p -> object(p, "content").putNull("plainText")),
                malformed("content's html blank", CREATE_AND_SEND, "html", p -> object(p, "content").put("html", " ")),
                malformed("content not an object", SET_CONTENT, "content", p -> p.put("content", "Spring news")),
                malformed("settings without a subject", CREATE_DRAFT, "subjectLine",
                        p -> object(p, "settings").remove("subjectLine")),
                malformed("a subject of 151 characters", CREATE_LONGEST, "subjectLine",
                        p -> object(p, "settings").put("subjectLine", LABEL.repeat(151))),
                malformed("a sender's name of 101 characters", CREATE_LONGEST, "fromName",
                        p -> object(p, "settings").put("fromName", LABEL.repeat(101))),
                malformed("a reply-to of 255 characters", CREATE_LONGEST, "replyTo",
                        p -> object(p, "settings").put("replyTo", "n" + object(p, "settings").get("replyTo").asText())),
                malformed("a reply-to blank", CREATE_DRAFT, "replyTo", p -> object(p, "settings").put("replyTo", " ")),
                malformed("a title blank", CREATE_AND_SEND, "title", p -> object(p, "settings").put("title", "")),
                malformed("a preview text blank", CREATE_AND_SEND, "previewText",
                        p -> object(p, "settings").put("previewText", "\n")));
    }

    /**
     * Commands the catalog refuses and the record reads: which action takes what, and what a merge field may hold, is
     * mailchimp-service's to check, and it answers them with mailchimp.command-failed.v1 ({@code invalid_command})
     * instead of parking them unread.
     */
    static Stream<Arguments> commandsTheConsumerRefuses() {
        return Stream.of(
                malformed("unsubscribe with a status", UNSUBSCRIBE, "status", p -> p.put("status", "unsubscribed")),
                malformed("set_tags with merge fields", SET_TAGS, "mergeFields",
                        p -> object(p, "mergeFields").put("FNAME", "Ada")),
                malformed("unsubscribe with CRM fields", UNSUBSCRIBE, "crmFields",
                        p -> object(p, "crmFields").put("firstName", "Grace")),
                malformed("set_tags with interests", SET_TAGS, "interests", p -> object(p, "interests").put("9143cf3bd1", true)),
                malformed("unsubscribe with a language", UNSUBSCRIBE, "language", p -> p.put("language", "en")),
                malformed("set_tags with vip", SET_TAGS, "vip", p -> p.put("vip", false)),
                malformed("unsubscribe with tags", UNSUBSCRIBE, "tags", p -> p.set("tags", JSON.valueToTree(List.of(CUSTOMER)))),
                malformed("a merge field true", UPSERT, "mergeFields", p -> object(p, "mergeFields").put("OPTIN", true)),
                malformed("a merge field null", UPSERT, "mergeFields", p -> object(p, "mergeFields").putNull("LNAME")),
                malformed("a merge field a list", DOUBLE_OPT_IN, "mergeFields",
                        p -> object(p, "mergeFields").putArray("PHONE").add("+44")),
                malformed("a merge tag blank", UPSERT, "mergeFields", p -> object(p, "mergeFields").put(" ", "Ada")),
                malformed("an address part a number", UPSERT, "mergeFields",
                        p -> object(p, "mergeFields", "ADDRESS").put("zip", 12345)),
                malformed("a CRM field name blank", UPSERT, "crmFields", p -> object(p, "crmFields").put("", "Ada")),
                malformed("an interest id blank", UPSERT, "interests", p -> object(p, "interests").put("\u2003", true)),
                malformed("a member's merge field true", SUBSCRIBE_THREE, "mergeFields",
                        p -> object(p, "members", 0, "mergeFields").put("OPTIN", true)),
                malformed("a member's CRM field name blank", SUBSCRIBE_THREE, "crmFields",
                        p -> object(p, "members", 1, "crmFields").put(" ", "Charles")),
                malformed("an audience for a send", SEND, "audienceId", p -> p.put("audienceId", AUDIENCE)),
                malformed("settings for a set_content", SET_CONTENT, "settings", p -> p.set("settings", JSON.valueToTree(SETTINGS))),
                malformed("content for a send", SEND, "content",
                        p -> p.set("content", JSON.valueToTree(new CampaignContent(null, "Spring news")))),
                malformed("content for an unschedule", UNSCHEDULE, "content",
                        p -> p.set("content", JSON.valueToTree(new CampaignContent("<p>Spring</p>", null)))),
                malformed("a time for an unschedule", UNSCHEDULE, "scheduleAt", p -> p.put("scheduleAt", "2026-03-10T07:00:00Z")),
                malformed("a time for a send", SEND, "scheduleAt", p -> p.put("scheduleAt", "2026-03-10T07:00:00Z")));
    }

    /**
     * The rules no JSON schema can state (they need Mailchimp, the tenant's settings, the clock, or compare the members
     * with each other): the catalog's descriptions say them, the record reads the command, mailchimp-service refuses it
     * ({@code invalid_command}, {@code no_audience}; a repeated address as a {@code duplicate} member).
     */
    static Stream<Arguments> commandsOnlyTheConsumerCanRefuse() {
        return Stream.of(
                malformed("an address that is no e-mail address", UPSERT, "email", p -> p.put("email", "ada at example")),
                malformed("a CRM field the mapping does not name", UPSERT, "crmFields",
                        p -> object(p, "crmFields").put("shoeSize", "42")),
                malformed("an audience the tenant has not linked", UNSUBSCRIBE, "audienceId", p -> p.put("audienceId", "0000000000")),
                malformed("an address twice in a subscribe", SUBSCRIBE_THREE, "email",
                        p -> ((ArrayNode) p.get("members")).add(JSON.valueToTree(GRACE))),
                malformed("a time off the quarter hour", SCHEDULE, "scheduleAt", p -> p.put("scheduleAt", "2026-03-10T07:05:00Z")),
                malformed("a time past", CREATE_SCHEDULED, "scheduleAt", p -> p.put("scheduleAt", "2020-01-06T09:00:00Z")));
    }
}
