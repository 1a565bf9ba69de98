package com.crm.integrations.common.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * The CloudEvent types our services publish, {@code crm.integrations.<name>.v<version>}, each on
 * its publisher's one topic, and the commands they take from the CRM's services on the command
 * topics. A new version of a payload is a new constant (…{@code .v2}) beside the old one, so
 * consumers move over one at a time. A version no publisher writes any more stays, deprecated,
 * until it is removed (docs/events.md). docs/asyncapi.yaml describes each.
 */
public enum EventType {
    CONNECTION_CHANGED("connection.changed", 1, Topics.TOKEN_EVENTS),
    CONNECTION_CHANGED_V2("connection.changed", 2, Topics.TOKEN_EVENTS),
    CONNECTION_POLICY_CHANGED("connection-policy.changed", 1, Topics.TOKEN_EVENTS),
    TOKEN_REFRESHED("token.refreshed", 1, Topics.TOKEN_EVENTS),
    TOKEN_REFRESH_FAILED("token.refresh-failed", 1, Topics.TOKEN_EVENTS),
    CONNECTION_CHECKED("connection.checked", 1, Topics.TOKEN_EVENTS),
    /** @deprecated superseded by {@link #CALENDAR_SYNCED_V2}: calendar-service publishes v2 only. */
    @Deprecated
    CALENDAR_SYNCED("calendar.synced", 1, Topics.CALENDAR_EVENTS),
    CALENDAR_SYNCED_V2("calendar.synced", 2, Topics.CALENDAR_EVENTS),
    /** @deprecated superseded by {@link #CALENDAR_SYNC_FAILED_V2}: calendar-service publishes v2 only. */
    @Deprecated
    CALENDAR_SYNC_FAILED("calendar.sync-failed", 1, Topics.CALENDAR_EVENTS),
    CALENDAR_SYNC_FAILED_V2("calendar.sync-failed", 2, Topics.CALENDAR_EVENTS),
    /** @deprecated superseded by {@link #CALENDAR_BATCH_COMPLETED_V2}: calendar-service publishes v2 only. */
    @Deprecated
    CALENDAR_BATCH_COMPLETED("calendar.batch-completed", 1, Topics.CALENDAR_EVENTS),
    CALENDAR_BATCH_COMPLETED_V2("calendar.batch-completed", 2, Topics.CALENDAR_EVENTS),
    /** @deprecated superseded by {@link #CALENDAR_EVENT_CHANGED_V2}: calendar-service publishes v2 only. */
    @Deprecated
    CALENDAR_EVENT_CHANGED("calendar.event-changed", 1, Topics.CALENDAR_EVENTS),
    CALENDAR_EVENT_CHANGED_V2("calendar.event-changed", 2, Topics.CALENDAR_EVENTS),
    CALENDAR_COMMAND_FAILED("calendar.command-failed", 1, Topics.CALENDAR_EVENTS),
    /** A command the CRM's services send to calendar-service (consumed, not published by us). */
    CALENDAR_EVENT_COMMAND("calendar.event-command", 1, Topics.CALENDAR_COMMANDS),
    /** A batch job the CRM's services ask calendar-service for (consumed, not published by us). */
    CALENDAR_BATCH_COMMAND("calendar.batch-command", 1, Topics.CALENDAR_COMMANDS),
    /** @deprecated superseded by {@link #SUBSCRIBER_CHANGED_V2}: mailchimp-service publishes v2 only. */
    @Deprecated
    SUBSCRIBER_CHANGED("subscriber.changed", 1, Topics.MAILCHIMP_EVENTS),
    SUBSCRIBER_CHANGED_V2("subscriber.changed", 2, Topics.MAILCHIMP_EVENTS),
    CAMPAIGN_CHANGED("campaign.changed", 1, Topics.MAILCHIMP_EVENTS),
    AUDIENCE_CHANGED("audience.changed", 1, Topics.MAILCHIMP_EVENTS),
    MAILCHIMP_COMMAND_COMPLETED("mailchimp.command-completed", 1, Topics.MAILCHIMP_EVENTS),
    MAILCHIMP_COMMAND_FAILED("mailchimp.command-failed", 1, Topics.MAILCHIMP_EVENTS),
    /** A member command the CRM's services send to mailchimp-service (consumed, not published by us). */
    MAILCHIMP_MEMBER_COMMAND("mailchimp.member-command", 1, Topics.MAILCHIMP_COMMANDS),
    /** A bulk subscribe the CRM's services ask mailchimp-service for (consumed, not published by us). */
    MAILCHIMP_SUBSCRIBE_COMMAND("mailchimp.subscribe-command", 1, Topics.MAILCHIMP_COMMANDS),
    /** A campaign command the CRM's services send to mailchimp-service (consumed, not published by us). */
    MAILCHIMP_CAMPAIGN_COMMAND("mailchimp.campaign-command", 1, Topics.MAILCHIMP_COMMANDS);

    /** Every type starts with this, the commands we take included. */
    public static final String PREFIX = "crm.integrations.";

    private final String type;
    private final String topic;

    EventType(String name, int version, String topic) {
        this.type = PREFIX + name + ".v" + version;
        this.topic = topic;
    }

    /** The CloudEvent {@code type} attribute, e.g. {@code crm.integrations.token.refreshed.v1}. */
    public String type() {
        return type;
    }

    /** The topic it travels on: its publisher's, or for a command the command topic it is sent on. */
    public String topic() {
        return topic;
    }

    /** The constant for a CloudEvent {@code type} attribute, if we publish (or take) that type. */
    public static Optional<EventType> ofType(String type) {
        return Arrays.stream(values()).filter(value -> value.type.equals(type)).findFirst();
    }

    @Override
    public String toString() {
        return type;
    }
}
