package com.crm.integrations.common.events.payload;

import java.time.Instant;

import com.crm.integrations.common.retry.FailureCategory;

/**
 * {@code crm.integrations.calendar.sync-failed.v1}, on {@code integrations.calendar-events}: a sync round of one
 * calendar failed. An {@code auth} failure also shows up as the connection's status in {@code connection.changed}.
 *
 * <p>Superseded by {@code calendar.sync-failed.v2} ({@link CalendarSyncFailedV2}) for new publishers: calendar-service
 * publishes v2 only, so no one publishes this version. It stays in the catalog until it is removed.
 *
 * @param connectionId the connection's id in token-service
 * @param provider     the calendar's provider
 * @param ownerUserId  the CRM user whose calendar it is
 * @param calendarId   the provider's calendar id
 * @param category     the failure's class
 * @param providerCode the provider's error reason or code ({@code rateLimitExceeded},
 *                     {@code ErrorItemNotFound}, …); {@code null} when it gave none
 * @param retryAt      when calendar-service tries again; {@code null} when it does not until someone acts
 * @param failedAt     when the round failed
 * @deprecated publish and read {@link CalendarSyncFailedV2}
 */
@Deprecated
public record CalendarSyncFailedV1(
        String connectionId,
        CalendarProvider provider,
        String ownerUserId,
        String calendarId,
        FailureCategory category,
        String providerCode,
        Instant retryAt,
        Instant failedAt) {

    public CalendarSyncFailedV1 {
        Checks.text(connectionId, "connectionId");
        Checks.required(provider, "provider");
        Checks.text(ownerUserId, "ownerUserId");
        Checks.text(calendarId, "calendarId");
        Checks.required(category, "category");
        Checks.optionalText(providerCode, "providerCode");
        Checks.required(failedAt, "failedAt");
    }
}
