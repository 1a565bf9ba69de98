package com.crm.integrations.common.events.payload;

import java.util.Objects;

import com.crm.integrations.common.events.EventType;

/**
 * Which record is the payload of which event type. The switch has no default: a new {@link EventType} constant
 * does not compile until it has its payload record here (and a test then holds both against docs/asyncapi.yaml).
 */
public final class EventPayloads {

    private EventPayloads() {
    }

    /** The payload record of {@code type}. */
    @SuppressWarnings("deprecation") // the superseded versions have their records until they are removed
    public static Class<? extends Record> classOf(EventType type) {
        Objects.requireNonNull(type, "type");
        return switch (type) {
            case CONNECTION_CHANGED -> ConnectionChangedV1.class;
            case CONNECTION_CHANGED_V2 -> ConnectionChangedV2.class;
            case CONNECTION_POLICY_CHANGED -> ConnectionPolicyChangedV1.class;
            case TOKEN_REFRESHED -> TokenRefreshedV1.class;
            case TOKEN_REFRESH_FAILED -> TokenRefreshFailedV1.class;
            case CONNECTION_CHECKED -> ConnectionCheckedV1.class;
            case CALENDAR_SYNCED -> CalendarSyncedV1.class;
            case CALENDAR_SYNCED_V2 -> CalendarSyncedV2.class;
            case CALENDAR_SYNC_FAILED -> CalendarSyncFailedV1.class;
            case CALENDAR_SYNC_FAILED_V2 -> CalendarSyncFailedV2.class;
            case CALENDAR_BATCH_COMPLETED -> CalendarBatchCompletedV1.class;
            case CALENDAR_BATCH_COMPLETED_V2 -> CalendarBatchCompletedV2.class;
            case CALENDAR_EVENT_CHANGED -> CalendarEventChangedV1.class;
            case CALENDAR_EVENT_CHANGED_V2 -> CalendarEventChangedV2.class;
            case CALENDAR_COMMAND_FAILED -> CalendarCommandFailedV1.class;
            case CALENDAR_EVENT_COMMAND -> CalendarEventCommandV1.class;
            case CALENDAR_BATCH_COMMAND -> CalendarBatchCommandV1.class;
            case SUBSCRIBER_CHANGED -> SubscriberChangedV1.class;
            case SUBSCRIBER_CHANGED_V2 -> SubscriberChangedV2.class;
            case CAMPAIGN_CHANGED -> CampaignChangedV1.class;
            case AUDIENCE_CHANGED -> AudienceChangedV1.class;
            case MAILCHIMP_COMMAND_COMPLETED -> MailchimpCommandCompletedV1.class;
            case MAILCHIMP_COMMAND_FAILED -> MailchimpCommandFailedV1.class;
            case MAILCHIMP_MEMBER_COMMAND -> MailchimpMemberCommandV1.class;
            case MAILCHIMP_SUBSCRIBE_COMMAND -> MailchimpSubscribeCommandV1.class;
            case MAILCHIMP_CAMPAIGN_COMMAND -> MailchimpCampaignCommandV1.class;
        };
    }
}
