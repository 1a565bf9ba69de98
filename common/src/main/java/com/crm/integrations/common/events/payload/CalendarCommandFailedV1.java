package com.crm.integrations.common.events.payload;

import java.time.Instant;

import com.crm.integrations.common.retry.FailureCategory;

/**
 * {@code crm.integrations.calendar.command-failed.v1}, on {@code integrations.calendar-events}: a CRM command (from
 * {@code calendar.commands} or the REST API) that calendar-service could not carry out and has given up on. Nothing
 * was written for it, or what a conflict left in the calendar was reported as {@code calendar.event-changed.v2}.
 *
 * @param commandId     the command's id (the {@code ce_id} it came with, or the REST call's {@code Idempotency-Key})
 * @param action        what the command asked for
 * @param crmEventId    the CRM activity's id
 * @param ownerUserId   the CRM user whose calendar it was for
 * @param linkId        the calendar link it was for; null when none could be chosen
 * @param provider      that link's provider; null with it
 * @param category      why: {@code permanent} (the command cannot be carried out as it is), {@code auth} (the user's
 *                      connection needs reconnecting), or {@code transient} / {@code rate_limit} (the provider kept
 *                      failing until calendar-service gave up)
 * @param code          calendar-service's code of the reason ({@code invalid_command}, {@code no_link},
 *                      {@code ambiguous_link}, {@code link_ended}, {@code import_only}, {@code not_found},
 *                      {@code deleted_in_calendar}, {@code provider_refused}, {@code gave_up})
 * @param providerCode  the provider's error reason or code when the provider refused; null otherwise
 * @param reason        one short sentence for the CRM's UI, in calendar-service's words (at most 500 characters)
 * @param attempts      how often calendar-service tried (0 when it refused the command before any call)
 * @param failedAt      when it gave up
 */
public record CalendarCommandFailedV1(
        String commandId,
        CalendarCommandAction action,
        String crmEventId,
        String ownerUserId,
        String linkId,
        CalendarProvider provider,
        FailureCategory category,
        String code,
        String providerCode,
        String reason,
        int attempts,
        Instant failedAt) {

    /** The longest {@code reason}, in characters (code points). */
    public static final int REASON_MAX_LENGTH = 500;

    public CalendarCommandFailedV1 {
        Checks.text(commandId, "commandId");
        Checks.required(action, "action");
        Checks.text(crmEventId, "crmEventId");
        Checks.text(ownerUserId, "ownerUserId");
        if (linkId != null) {
            Checks.uuid(linkId, "linkId");
        }
        if ((linkId == null) != (provider == null)) {
            throw new IllegalArgumentException("provider is given exactly when linkId is");
        }
        Checks.required(category, "category");
        Checks.text(code, "code");
        Checks.optionalText(providerCode, "providerCode");
        Checks.sentence(reason, "reason", REASON_MAX_LENGTH);
        Checks.count(attempts, "attempts");
        Checks.required(failedAt, "failedAt");
    }
}
