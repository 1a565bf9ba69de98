package com.crm.integrations.common.events.payload;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The checks of subscriber.changed.v2 (and what v1 refuses of it) and audience.changed.v1: a malformed event is never
 * written.
 */
@SuppressWarnings("deprecation") // subscriber.changed.v1 stays, superseded, until it is removed
class MailchimpEventPayloadsTest {

    private static final Instant AT = Instant.parse("2026-03-02T10:30:00Z");
    private static final Instant RECEIVED = Instant.parse("2026-03-02T10:30:01Z");
    private static final String AUDIENCE = "a6b5da1054";
    private static final String HASH = "3e3417d7ef77d5932a6734b916515ed5";
    private static final String OLD_HASH = "2b9150605ac374d671a306b5fcee60a0";
    private static final String EMAIL = "ada@example.com";
    private static final Map<String, Object> MERGE_FIELDS = Map.of("FNAME", "Ada", "LNAME", "Lovelace");
    private static final Map<String, String> CRM_FIELDS = Map.of("firstName", "Ada", "lastName", "Lovelace");
    private static final String CONNECTION = "5e6f7081-9a2b-4c3d-8e4f-5a6b7c8d9e0f";
    private static final String PAUSED_REASON = "Mailchimp refused the API key (401)";

    // subscriber.changed.v1: the values v2 brought are not v1's

    @Test
    void v1RefusesTheSyncedChange() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> v1(SubscriberChange.SYNCED, SubscriberSource.SYNC));
        // Then
        assertEquals("change synced is new in subscriber.changed.v2: v1 does not carry it", refused.getMessage());
    }

    @Test
    void v1RefusesTheCommandSource() {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> v1(SubscriberChange.UNSUBSCRIBE, SubscriberSource.COMMAND));
        // Then
        assertEquals("source command is new in subscriber.changed.v2: v1 does not carry it", refused.getMessage());
    }

    @Test
    void v1TakesWhatItWasCataloguedWith() {
        for (SubscriberChange change : List.of(SubscriberChange.SUBSCRIBE, SubscriberChange.UNSUBSCRIBE,
                SubscriberChange.PROFILE, SubscriberChange.UPEMAIL, SubscriberChange.CLEANED)) {
            for (SubscriberSource source : List.of(SubscriberSource.WEBHOOK, SubscriberSource.SYNC)) {
                assertEquals(change, v1(change, source).change());
            }
        }
    }

    // subscriber.changed.v2

    @Test
    void v2TakesAWebhookWithEverything() {
        // When
        SubscriberChangedV2 changed = new SubscriberChangedV2(AUDIENCE, HASH, EMAIL, SubscriberChange.UPEMAIL,
                SubscriberStatus.SUBSCRIBED, SubscriberStatus.SUBSCRIBED, null, null, OLD_HASH, "ada.lovelace@example.com",
                MERGE_FIELDS, CRM_FIELDS, List.of(new InterestGrouping("8821", "Topics", List.of("Poetry"))),
                SubscriberSource.WEBHOOK, AT, RECEIVED);
        // Then
        assertEquals(OLD_HASH, changed.previousSubscriberHash());
        assertEquals(RECEIVED, changed.receivedAt());
    }

    @Test
    void v2TakesAMemberReadFromMailchimpWhoWasNew() {
        // When
        SubscriberChangedV2 synced = v2(SubscriberChange.SYNCED, SubscriberSource.SYNC, null);
        // Then
        assertNull(synced.previousStatus());
        assertNull(synced.receivedAt());
    }

    @Test
    void v2TakesOurOwnWriteForACommand() {
        // When
        SubscriberChangedV2 written = v2(SubscriberChange.UNSUBSCRIBE, SubscriberSource.COMMAND, null);
        // Then
        assertEquals(SubscriberSource.COMMAND, written.source());
    }

    @Test
    void v2TakesAnUnknownAddressAndEmptyFields() {
        // When
        SubscriberChangedV2 changed = new SubscriberChangedV2(AUDIENCE, HASH, null, SubscriberChange.CLEANED,
                SubscriberStatus.CLEANED, SubscriberStatus.SUBSCRIBED, "hard", "4d1c0b2a9f", null, null, Map.of(), Map.of(),
                List.of(), SubscriberSource.WEBHOOK, AT, RECEIVED);
        // Then
        assertNull(changed.email());
        assertEquals(Map.of(), changed.mergeFields());
        assertEquals(List.of(), changed.interests());
    }

    @ParameterizedTest
    @EnumSource(value = SubscriberSource.class, names = {"WEBHOOK", "COMMAND"})
    void v2RefusesASyncedChangeThatWasNotRead(SubscriberSource source) {
        // When
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> v2(SubscriberChange.SYNCED, source, source == SubscriberSource.WEBHOOK ? RECEIVED : null));
        // Then
        assertTrue(refused.getMessage().startsWith("A synced change is the member as read from Mailchimp"),
                refused.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = SubscriberChange.class, names = "SYNCED", mode = EnumSource.Mode.EXCLUDE)
    void v2RefusesASyncThatIsNotSynced(SubscriberChange change) {
        assertThrows(IllegalArgumentException.class, () -> v2(change, SubscriberSource.SYNC, null));
    }

    @Test
    void v2RefusesAWebhookWithoutItsReceptionAndAnythingElseWithOne() {
        assertThrows(IllegalArgumentException.class, () -> v2(SubscriberChange.SUBSCRIBE, SubscriberSource.WEBHOOK, null));
        assertThrows(IllegalArgumentException.class, () -> v2(SubscriberChange.SYNCED, SubscriberSource.SYNC, RECEIVED));
        assertThrows(IllegalArgumentException.class,
                () -> v2(SubscriberChange.SUBSCRIBE, SubscriberSource.COMMAND, RECEIVED));
    }

    @ParameterizedTest
    @EnumSource(value = SubscriberChange.class, names = "UPEMAIL", mode = EnumSource.Mode.EXCLUDE)
    void v2RefusesAPreviousAddressOutsideUpemail(SubscriberChange change) {
        SubscriberSource source = change == SubscriberChange.SYNCED ? SubscriberSource.SYNC : SubscriberSource.COMMAND;
        assertThrows(IllegalArgumentException.class, () -> new SubscriberChangedV2(AUDIENCE, HASH, EMAIL, change,
                SubscriberStatus.SUBSCRIBED, null, null, null, OLD_HASH, null, Map.of(), Map.of(), List.of(), source, AT, null));
        assertThrows(IllegalArgumentException.class, () -> new SubscriberChangedV2(AUDIENCE, HASH, EMAIL, change,
                SubscriberStatus.SUBSCRIBED, null, null, null, null, "ada.lovelace@example.com", Map.of(), Map.of(), List.of(),
                source, AT, null));
    }

    @Test
    void v2TakesAnUpemailWhoseOldAddressIsUnknown() {
        // When
        SubscriberChangedV2 changed = new SubscriberChangedV2(AUDIENCE, HASH, EMAIL, SubscriberChange.UPEMAIL,
                SubscriberStatus.SUBSCRIBED, SubscriberStatus.SUBSCRIBED, null, null, null, null, Map.of(), Map.of(),
                List.of(), SubscriberSource.COMMAND, AT, null);
        // Then
        assertNull(changed.previousEmail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3E3417D7EF77D5932A6734B916515ED5", "3e3417d7ef77d5932a6734b916515ed", "ada@example.com", "",
            "3e3417d7ef77d5932a6734b916515ed5 "})
    void v2RefusesASubscriberHashThatIsNotALowerCaseMd5(String hash) {
        assertThrows(IllegalArgumentException.class, () -> new SubscriberChangedV2(AUDIENCE, hash, EMAIL,
                SubscriberChange.SUBSCRIBE, SubscriberStatus.SUBSCRIBED, null, null, null, null, null, Map.of(), Map.of(),
                List.of(), SubscriberSource.COMMAND, AT, null));
        assertThrows(IllegalArgumentException.class, () -> new SubscriberChangedV2(AUDIENCE, HASH, EMAIL,
                SubscriberChange.UPEMAIL, SubscriberStatus.SUBSCRIBED, null, null, null, hash, null, Map.of(), Map.of(),
                List.of(), SubscriberSource.COMMAND, AT, null));
    }

    @Test
    void v2RefusesWhatItCannotDoWithout() {
        assertThrows(NullPointerException.class, () -> new SubscriberChangedV2(AUDIENCE, null, EMAIL,
                SubscriberChange.SUBSCRIBE, SubscriberStatus.SUBSCRIBED, null, null, null, null, null, Map.of(), Map.of(),
                List.of(), SubscriberSource.COMMAND, AT, null));
        assertThrows(NullPointerException.class, () -> new SubscriberChangedV2(AUDIENCE, HASH, EMAIL,
                SubscriberChange.SUBSCRIBE, null, null, null, null, null, null, Map.of(), Map.of(), List.of(),
                SubscriberSource.COMMAND, AT, null));
        assertThrows(NullPointerException.class, () -> new SubscriberChangedV2(AUDIENCE, HASH, EMAIL,
                SubscriberChange.SUBSCRIBE, SubscriberStatus.SUBSCRIBED, null, null, null, null, null, null, Map.of(), List.of(),
                SubscriberSource.COMMAND, AT, null));
        assertThrows(NullPointerException.class, () -> new SubscriberChangedV2(AUDIENCE, HASH, EMAIL,
                SubscriberChange.SUBSCRIBE, SubscriberStatus.SUBSCRIBED, null, null, null, null, null, Map.of(), null, List.of(),
                SubscriberSource.COMMAND, AT, null));
        assertThrows(NullPointerException.class, () -> new SubscriberChangedV2(AUDIENCE, HASH, EMAIL,
                SubscriberChange.SUBSCRIBE, SubscriberStatus.SUBSCRIBED, null, null, null, null, null, Map.of(), Map.of(), null,
                SubscriberSource.COMMAND, AT, null));
        assertThrows(NullPointerException.class, () -> new SubscriberChangedV2(AUDIENCE, HASH, EMAIL,
                SubscriberChange.SUBSCRIBE, SubscriberStatus.SUBSCRIBED, null, null, null, null, null, Map.of(), Map.of(),
                List.of(), SubscriberSource.COMMAND, null, null));
        assertThrows(IllegalArgumentException.class, () -> new SubscriberChangedV2(" ", HASH, EMAIL,
                SubscriberChange.SUBSCRIBE, SubscriberStatus.SUBSCRIBED, null, null, null, null, null, Map.of(), Map.of(),
                List.of(), SubscriberSource.COMMAND, AT, null));
        assertThrows(IllegalArgumentException.class, () -> new SubscriberChangedV2(AUDIENCE, HASH, "", SubscriberChange.SUBSCRIBE,
                SubscriberStatus.SUBSCRIBED, null, null, null, null, null, Map.of(), Map.of(), List.of(),
                SubscriberSource.COMMAND, AT, null));
    }

    @Test
    void v2TakesTheMergeFieldsMailchimpGives() {
        // Given: an address as an object and as one string, a number, an empty field
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("FNAME", "Ada");
        fields.put("PHONE", "");
        fields.put("ADDRESS", Map.of("addr1", "12 St James's Square", "city", "London", "zip", "SW1Y 4JH", "country", "GB"));
        fields.put("SHIPTO", "12 St James's Square  London  SW1Y 4JH  GB");
        fields.put("VISITS", 12);
        fields.put("SCORE", new BigDecimal("4.5"));
        // When
        SubscriberChangedV2 changed = withMergeFields(fields);
        // Then
        assertEquals(fields, changed.mergeFields());
        assertEquals(List.of("FNAME", "PHONE", "ADDRESS", "SHIPTO", "VISITS", "SCORE"),
                new ArrayList<>(changed.mergeFields().keySet()));
    }

    @Test
    void v2RefusesMergeFieldsItCannotCarry() {
        Map<String, Object> addressWithoutZip = new HashMap<>(Map.of("city", "London"));
        addressWithoutZip.put("zip", null);
        for (Object value : Arrays.asList(null, true, List.of("Ada"), Double.NaN, Double.POSITIVE_INFINITY,
                Map.of("addr1", 12), Map.of(" ", "London"), Map.of(1, "London"), addressWithoutZip)) {
            Map<String, Object> fields = new HashMap<>();
            fields.put("ADDRESS", value);
            assertThrows(IllegalArgumentException.class, () -> withMergeFields(fields), String.valueOf(value));
        }
        assertThrows(IllegalArgumentException.class, () -> withMergeFields(Map.of(" ", "Ada")));
        Map<String, Object> withoutTag = new HashMap<>();
        withoutTag.put(null, "Ada");
        assertThrows(NullPointerException.class, () -> withMergeFields(withoutTag));
    }

    @Test
    void v2RefusesCrmFieldsWithoutNameOrValue() {
        Map<String, String> withoutValue = new HashMap<>();
        withoutValue.put("firstName", null);
        assertThrows(NullPointerException.class, () -> withCrmFields(withoutValue));
        assertThrows(IllegalArgumentException.class, () -> withCrmFields(Map.of("", "Ada")));
    }

    @Test
    void v2KeepsItsFieldsAndInterestsAsGiven() {
        // Given
        Map<String, Object> address = new LinkedHashMap<>(Map.of("city", "London"));
        Map<String, Object> merge = new LinkedHashMap<>(Map.of("ADDRESS", address));
        Map<String, String> crm = new LinkedHashMap<>(CRM_FIELDS);
        List<String> groups = new ArrayList<>(List.of("Poetry"));
        List<InterestGrouping> interests = new ArrayList<>(List.of(new InterestGrouping("8821", "Topics", groups)));
        SubscriberChangedV2 changed = new SubscriberChangedV2(AUDIENCE, HASH, EMAIL, SubscriberChange.PROFILE,
                SubscriberStatus.SUBSCRIBED, SubscriberStatus.SUBSCRIBED, null, null, null, null, merge, crm, interests,
                SubscriberSource.COMMAND, AT, null);
        // When
        address.put("zip", "SW1Y 4JH");
        merge.put("FNAME", "Ada");
        crm.put("phone", "+44");
        groups.add("Engines");
        interests.clear();
        // Then
        assertEquals(Map.of("ADDRESS", Map.of("city", "London")), changed.mergeFields());
        assertEquals(CRM_FIELDS, changed.crmFields());
        assertEquals(List.of(new InterestGrouping("8821", "Topics", List.of("Poetry"))), changed.interests());
        assertThrows(UnsupportedOperationException.class, () -> changed.mergeFields().put("LNAME", "Lovelace"));
        assertThrows(UnsupportedOperationException.class, () -> changed.crmFields().clear());
    }

    @Test
    void v2HidesThePersonalDataWhenLogged() {
        // Given
        SubscriberChangedV2 changed = new SubscriberChangedV2(AUDIENCE, HASH, EMAIL, SubscriberChange.UPEMAIL,
                SubscriberStatus.SUBSCRIBED, SubscriberStatus.SUBSCRIBED, null, null, OLD_HASH, "ada.lovelace@example.com",
                Map.of("LNAME", "Lovelace", "ADDRESS", Map.of("city", "London")), Map.of("lastName", "Lovelace"), List.of(),
                SubscriberSource.WEBHOOK, AT, RECEIVED);
        // When
        String logged = changed.toString();
        // Then
        for (String personal : List.of("ada@", "ada.lovelace@", "Lovelace", "London")) {
            assertFalse(logged.contains(personal), logged);
        }
        assertTrue(logged.contains("email=***"), logged);
        assertTrue(logged.contains("previousEmail=***"), logged);
        assertTrue(logged.contains("LNAME=***"), logged);
        assertTrue(logged.contains("crmFields={lastName=***}"), logged);
        assertTrue(logged.contains("subscriberHash=" + HASH), logged);
    }

    @Test
    void commandsAndTheirRefusalsHideThePersonalDataWhenLogged() {
        // Given
        MailchimpMemberCommandV1 upsert = new MailchimpMemberCommandV1(MemberCommandAction.UPSERT, AUDIENCE, "ada@example.com",
                null, Map.of("LNAME", "Lovelace"), Map.of("firstName", "Ada"), Map.of(), "en", null,
                List.of(new MemberTag("vip", true)));
        MemberInput member = new MemberInput("ada@example.com", null, Map.of("ADDRESS", Map.of("city", "London")), null, null, null, null);
        MemberError refused = new MemberError("ada@example.com", "compliance_state", null, "Kept unsubscribed.");
        // When
        String logged = upsert + " " + member + " " + refused;
        // Then
        for (String personal : List.of("ada@", "Lovelace", "London", "=Ada")) {
            assertFalse(logged.contains(personal), logged);
        }
        assertTrue(logged.contains("email=***"), logged);
        assertTrue(logged.contains("mergeFields={LNAME=***}"), logged);
        assertTrue(logged.contains("crmFields={firstName=***}"), logged);
        assertTrue(logged.contains("code=compliance_state"), logged);
    }

    // InterestGrouping

    @Test
    void groupingTakesTheInterestsFormWithoutIdOrName() {
        // When
        InterestGrouping grouping = new InterestGrouping(null, null, List.of("Poetry", "Engines"));
        // Then
        assertNull(grouping.id());
        assertEquals(List.of("Poetry", "Engines"), grouping.groups());
    }

    @Test
    void groupingRefusesMissingOrBlankGroupsAndBlankNames() {
        assertThrows(NullPointerException.class, () -> new InterestGrouping("8821", "Topics", null));
        assertThrows(NullPointerException.class, () -> new InterestGrouping("8821", "Topics", Arrays.asList("Poetry", null)));
        assertThrows(IllegalArgumentException.class, () -> new InterestGrouping("8821", "Topics", List.of(" ")));
        assertThrows(IllegalArgumentException.class, () -> new InterestGrouping("", "Topics", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new InterestGrouping("8821", "\t", List.of()));
    }

    // audience.changed.v1

    @ParameterizedTest
    @EnumSource(AudienceChange.class)
    void audienceTakesEachChangeInTheStatesItLeaves(AudienceChange change) {
        for (AudienceLinkState state : AudienceChangedV1.statesAfter(change)) {
            // When
            AudienceChangedV1 changed = audience(change, state, state == AudienceLinkState.PAUSED ? PAUSED_REASON : null);
            // Then
            assertEquals(state, changed.state());
        }
    }

    @ParameterizedTest
    @EnumSource(AudienceChange.class)
    void audienceRefusesAChangeInAStateItDoesNotLeave(AudienceChange change) {
        for (AudienceLinkState state : AudienceLinkState.values()) {
            if (AudienceChangedV1.statesAfter(change).contains(state)) {
                continue;
            }
            // When
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> audience(change, state, state == AudienceLinkState.PAUSED ? PAUSED_REASON : null));
            // Then
            assertTrue(refused.getMessage().startsWith("An audience " + change.wireName() + " is not left " + state.wireName()),
                    refused.getMessage());
        }
    }

    @Test
    void audienceStatesFollowTheirChanges() {
        assertEquals(List.of(AudienceLinkState.LINKING), List.copyOf(AudienceChangedV1.statesAfter(AudienceChange.LINKED)));
        assertEquals(List.of(AudienceLinkState.ACTIVE), List.copyOf(AudienceChangedV1.statesAfter(AudienceChange.IMPORTED)));
        assertEquals(List.of(AudienceLinkState.LINKING, AudienceLinkState.ACTIVE),
                List.copyOf(AudienceChangedV1.statesAfter(AudienceChange.RESUMED)));
        assertEquals(List.of(AudienceLinkState.PAUSED), List.copyOf(AudienceChangedV1.statesAfter(AudienceChange.PAUSED)));
        assertEquals(List.of(AudienceLinkState.UNLINKED), List.copyOf(AudienceChangedV1.statesAfter(AudienceChange.UNLINKED)));
        assertEquals(List.of(AudienceLinkState.LINKING, AudienceLinkState.ACTIVE, AudienceLinkState.PAUSED),
                List.copyOf(AudienceChangedV1.statesAfter(AudienceChange.ACTIVITY)));
    }

    @Test
    void audienceRefusesAPauseWithoutItsReasonAndAReasonWithoutAPause() {
        assertThrows(NullPointerException.class, () -> audience(AudienceChange.PAUSED, AudienceLinkState.PAUSED, null));
        assertThrows(IllegalArgumentException.class,
                () -> audience(AudienceChange.ACTIVITY, AudienceLinkState.ACTIVE, PAUSED_REASON));
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "Mailchimp refused the key.\nCheck it.", "Mailchimp refused Bearer abc",
            "Refused eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln"})
    void audienceRefusesAPausedReasonThatIsNotAShortLine(String reason) {
        assertThrows(IllegalArgumentException.class, () -> audience(AudienceChange.PAUSED, AudienceLinkState.PAUSED, reason));
    }

    @Test
    void audienceTakesAPausedReasonOfAtMost200Characters() {
        // When
        AudienceChangedV1 paused = audience(AudienceChange.PAUSED, AudienceLinkState.PAUSED, "a".repeat(200));
        // Then
        assertEquals(200, paused.pausedReason().length());
        assertThrows(IllegalArgumentException.class,
                () -> audience(AudienceChange.PAUSED, AudienceLinkState.PAUSED, "a".repeat(201)));
    }

    @Test
    void audienceRefusesWhatItCannotDoWithout() {
        assertThrows(NullPointerException.class, () -> new AudienceChangedV1(AUDIENCE, null, CONNECTION, AudienceChange.LINKED,
                AudienceLinkState.LINKING, null, null, null, DeliveryCounts.NONE, AT));
        assertThrows(NullPointerException.class, () -> new AudienceChangedV1(AUDIENCE, null, CONNECTION, AudienceChange.LINKED,
                AudienceLinkState.LINKING, null, MemberCounts.NONE, null, null, AT));
        assertThrows(NullPointerException.class, () -> new AudienceChangedV1(AUDIENCE, null, CONNECTION, null,
                AudienceLinkState.LINKING, null, MemberCounts.NONE, null, DeliveryCounts.NONE, AT));
        assertThrows(NullPointerException.class, () -> new AudienceChangedV1(AUDIENCE, null, CONNECTION, AudienceChange.LINKED,
                null, null, MemberCounts.NONE, null, DeliveryCounts.NONE, AT));
        assertThrows(NullPointerException.class, () -> new AudienceChangedV1(AUDIENCE, null, CONNECTION, AudienceChange.LINKED,
                AudienceLinkState.LINKING, null, MemberCounts.NONE, null, DeliveryCounts.NONE, null));
        assertThrows(IllegalArgumentException.class, () -> new AudienceChangedV1(AUDIENCE, " ", CONNECTION,
                AudienceChange.LINKED, AudienceLinkState.LINKING, null, MemberCounts.NONE, null, DeliveryCounts.NONE, AT));
        assertThrows(IllegalArgumentException.class, () -> new AudienceChangedV1(AUDIENCE, null, "", AudienceChange.LINKED,
                AudienceLinkState.LINKING, null, MemberCounts.NONE, null, DeliveryCounts.NONE, AT));
    }

    @Test
    void memberCountsRefuseEachNegativeCount() {
        List<LongFunction<MemberCounts>> each = List.of(
                n -> new MemberCounts(n, 0, 0, 0, 0, 0), n -> new MemberCounts(0, n, 0, 0, 0, 0),
                n -> new MemberCounts(0, 0, n, 0, 0, 0), n -> new MemberCounts(0, 0, 0, n, 0, 0),
                n -> new MemberCounts(0, 0, 0, 0, n, 0), n -> new MemberCounts(0, 0, 0, 0, 0, n));
        for (LongFunction<MemberCounts> counts : each) {
            assertThrows(IllegalArgumentException.class, () -> counts.apply(-1));
            assertDoesNotThrow(() -> counts.apply(Long.MAX_VALUE));
        }
    }

    @Test
    void deliveryCountsRefuseEachNegativeCount() {
        List<LongFunction<DeliveryCounts>> each = List.of(n -> new DeliveryCounts(n, 0, 0, 0),
                n -> new DeliveryCounts(0, n, 0, 0), n -> new DeliveryCounts(0, 0, n, 0), n -> new DeliveryCounts(0, 0, 0, n));
        for (LongFunction<DeliveryCounts> counts : each) {
            assertThrows(IllegalArgumentException.class, () -> counts.apply(-1));
            assertDoesNotThrow(() -> counts.apply(5_000_000_000L));
        }
    }

    private static SubscriberChangedV1 v1(SubscriberChange change, SubscriberSource source) {
        return new SubscriberChangedV1(AUDIENCE, HASH, EMAIL, change, SubscriberStatus.SUBSCRIBED, null, null,
                change == SubscriberChange.UPEMAIL ? OLD_HASH : null, source, AT);
    }

    private static SubscriberChangedV2 v2(SubscriberChange change, SubscriberSource source, Instant receivedAt) {
        return new SubscriberChangedV2(AUDIENCE, HASH, EMAIL, change, SubscriberStatus.SUBSCRIBED, null, null, null, null,
                null, MERGE_FIELDS, CRM_FIELDS, List.of(), source, AT, receivedAt);
    }

    private static SubscriberChangedV2 withMergeFields(Map<String, Object> mergeFields) {
        return new SubscriberChangedV2(AUDIENCE, HASH, EMAIL, SubscriberChange.PROFILE, SubscriberStatus.SUBSCRIBED,
                SubscriberStatus.SUBSCRIBED, null, null, null, null, mergeFields, Map.of(), List.of(), SubscriberSource.COMMAND,
                AT, null);
    }

    private static SubscriberChangedV2 withCrmFields(Map<String, String> crmFields) {
        return new SubscriberChangedV2(AUDIENCE, HASH, EMAIL, SubscriberChange.PROFILE, SubscriberStatus.SUBSCRIBED,
                SubscriberStatus.SUBSCRIBED, null, null, null, null, Map.of(), crmFields, List.of(), SubscriberSource.COMMAND,
                AT, null);
    }

    private static AudienceChangedV1 audience(AudienceChange change, AudienceLinkState state, String pausedReason) {
        return new AudienceChangedV1(AUDIENCE, "Acme newsletter", CONNECTION, change, state, pausedReason,
                new MemberCounts(4180, 312, 57, 9, 140, 23), AT.minusSeconds(60), new DeliveryCounts(1893, 2, 1, 3), AT);
    }
}
