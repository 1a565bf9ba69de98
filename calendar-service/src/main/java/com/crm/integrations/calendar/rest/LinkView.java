package com.crm.integrations.calendar.rest;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.crm.integrations.calendar.CalendarLink;
import com.crm.integrations.calendar.LinkState;
import com.crm.integrations.calendar.LinkStateReason;
import com.crm.integrations.common.events.payload.CalendarProvider;
import com.crm.integrations.common.events.payload.RequiredAction;
import com.crm.integrations.common.retry.FailureCategory;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A calendar link as the API shows it. */
@Schema(name = "CalendarLink", description = "A user's calendar kept in step with the CRM, and how its sync stands")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinkView(
        UUID id,
        CalendarProvider provider,
        String connectionId,
        String ownerUserId,
        @Schema(description = "The provider's calendar id; primary for the account's main calendar") String calendarId,
        String calendarName,
        LinkState state,
        @Schema(description = "Why it is not active") LinkStateReason stateReason,
        @Schema(description = "Who must act for it to sync again") RequiredAction requiredAction,
        @Schema(description = "When it last synced completely") Instant lastSuccessAt,
        @Schema(description = "Its last failure, while the failures go on") Failure lastFailure,
        @Schema(description = "When it syncs next") Instant nextSyncAt,
        @Schema(description = "Not before this time: the provider asked to wait, or a failure backs off") Instant retryAt,
        @Schema(description = "Events stored for it") int totalEvents,
        @Schema(description = "Of those, the ones not yet ended") int upcomingEvents,
        Instant createdAt,
        Instant updatedAt) {

    @Schema(name = "CalendarLinkFailure")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(Instant at, FailureCategory category, String providerCode, String reason, int consecutive) {
    }

    public static LinkView of(CalendarLink link) {
        Failure failure = link.consecutiveFailures == 0 ? null
                : new Failure(link.lastFailureAt, link.lastFailureCategory, link.lastFailureCode, link.lastFailureReason,
                        link.consecutiveFailures);
        return new LinkView(link.id, link.provider, link.connectionId, link.ownerUserId, link.calendarId, link.calendarName,
                link.state, link.stateReason, link.requiredAction, link.lastSuccessAt, failure,
                link.isActive() ? link.nextSyncAt : null, link.retryAt, link.totalEvents, link.upcomingEvents, link.createdAt,
                link.updatedAt);
    }
}
