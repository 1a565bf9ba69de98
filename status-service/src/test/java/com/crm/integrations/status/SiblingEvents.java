package com.crm.integrations.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.payload.AudienceChange;
import com.crm.integrations.common.events.payload.AudienceChangedV1;
import com.crm.integrations.common.events.payload.AudienceLinkState;
import com.crm.integrations.common.events.payload.CalendarProvider;
import com.crm.integrations.common.events.payload.CalendarSyncFailedV2;
import com.crm.integrations.common.events.payload.CalendarSyncedV2;
import com.crm.integrations.common.events.payload.ConnectionChange;
import com.crm.integrations.common.events.payload.ConnectionChangedV2;
import com.crm.integrations.common.events.payload.ConnectionCheckOutcome;
import com.crm.integrations.common.events.payload.ConnectionCheckedV1;
import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionPolicyChangedV1;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.events.payload.DeliveryCounts;
import com.crm.integrations.common.events.payload.MemberCounts;
import com.crm.integrations.common.events.payload.TokenRefreshFailedV1;
import com.crm.integrations.common.events.payload.TokenRefreshedV1;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.testing.events.CommandRecords;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The siblings' events as they publish them (binary-mode CloudEvents keyed by tenant on their topics), written by a
 * test instead of by the siblings: each builder returns the record of one fact, with a fresh event id unless given.
 */
public final class SiblingEvents {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final String tenant;

    public SiblingEvents(String tenant) {
        this.tenant = tenant;
    }

    /** Sends the records, in order, and waits until the broker took them. */
    @SafeVarargs
    public static void send(ProducerRecord<String, byte[]>... records) {
        CommandRecords.send(records);
    }

    public static void send(List<ProducerRecord<String, byte[]>> records) {
        @SuppressWarnings("unchecked")
        ProducerRecord<String, byte[]>[] array = records.toArray(ProducerRecord[]::new);
        CommandRecords.send(array);
    }

    public ProducerRecord<String, byte[]> connection(String connectionId, String provider, String owner, ConnectionChange change,
            ConnectionStatus status, Instant at) {
        ConnectionKind kind = owner == null ? ConnectionKind.API_KEY : ConnectionKind.OAUTH;
        return record(EventType.CONNECTION_CHANGED_V2, new ConnectionChangedV2(connectionId, provider, kind, owner, null, change,
                status, null, at));
    }

    public ProducerRecord<String, byte[]> refreshed(String connectionId, String provider, String owner, Instant expiresAt,
            Instant at) {
        return record(EventType.TOKEN_REFRESHED, new TokenRefreshedV1(connectionId, provider, owner, expiresAt, at));
    }

    public ProducerRecord<String, byte[]> refreshFailed(String connectionId, String provider, String owner,
            FailureCategory category, String code, int consecutive, ConnectionStatus status, Instant retryAt, Instant at) {
        return record(EventType.TOKEN_REFRESH_FAILED, new TokenRefreshFailedV1(connectionId, provider, owner, category, code,
                CalendarSyncFailedV2.requiredActionFor(category, false), retryAt,
                consecutive, status, at));
    }

    public ProducerRecord<String, byte[]> checked(String connectionId, String provider, ConnectionCheckOutcome outcome,
            String code, Instant at) {
        return record(EventType.CONNECTION_CHECKED, new ConnectionCheckedV1(connectionId, provider, ConnectionKind.API_KEY, null,
                outcome, code, at));
    }

    public ProducerRecord<String, byte[]> policy(List<String> allowed, long version, Instant at) {
        return record(EventType.CONNECTION_POLICY_CHANGED, new ConnectionPolicyChangedV1(allowed, true, version, at));
    }

    public ProducerRecord<String, byte[]> synced(String connectionId, String linkId, String owner, int total, int upcoming,
            Instant at) {
        return record(EventType.CALENDAR_SYNCED_V2, new CalendarSyncedV2(connectionId, linkId, CalendarProvider.GOOGLE, owner,
                "primary", false, 1, 0, 0, total, upcoming, at));
    }

    public ProducerRecord<String, byte[]> syncFailed(String connectionId, String linkId, String owner, FailureCategory category,
            boolean calendarGone, String reason, int consecutive, Instant retryAt, Instant at) {
        return record(EventType.CALENDAR_SYNC_FAILED_V2, new CalendarSyncFailedV2(connectionId, linkId, CalendarProvider.GOOGLE,
                owner, "primary", category, null, CalendarSyncFailedV2.requiredActionFor(category, calendarGone), reason,
                retryAt, consecutive, at));
    }

    public ProducerRecord<String, byte[]> audience(String connectionId, String audienceId, AudienceChange change,
            AudienceLinkState state, String pausedReason, MemberCounts members, Instant lastDelivery, DeliveryCounts deliveries,
            Instant at) {
        return record(EventType.AUDIENCE_CHANGED, new AudienceChangedV1(audienceId, "Newsletter", connectionId, change, state,
                pausedReason, members, lastDelivery, deliveries, at));
    }

    /** The record of {@code payload} as event {@code type}, with a fresh id. */
    public ProducerRecord<String, byte[]> record(EventType type, Object payload) {
        return record(type, UUID.randomUUID().toString(), payload);
    }

    /** The record of {@code payload} as event {@code type} with id {@code eventId}. */
    public ProducerRecord<String, byte[]> record(EventType type, String eventId, Object payload) {
        Map<String, Object> json = JSON.convertValue(payload, new TypeReference<Map<String, Object>>() { });
        String source = "/integrations/" + switch (type.topic()) {
            case "integrations.calendar-events" -> "calendar-service";
            case "integrations.mailchimp-events" -> "mailchimp-service";
            default -> "token-service";
        };
        return CommandRecords.record(type.topic(), tenant, eventId, type.type(), source, json);
    }
}
