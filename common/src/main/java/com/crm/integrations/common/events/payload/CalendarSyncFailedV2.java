package com.crm.integrations.common.events.payload;

import java.time.Instant;

import com.crm.integrations.common.retry.FailureCategory;

/**
 * {@code crm.integrations.calendar.sync-failed.v2}, on {@code integrations.calendar-events}: what
 * {@link CalendarSyncFailedV1} says, plus the calendar link, who has to act, a sentence the CRM can show, and how many
 * rounds in a row have failed. calendar-service publishes this version only. An {@code auth} failure also shows up as
 * the connection's status in {@code connection.changed}.
 *
 * <p>{@code requiredAction} follows from {@code category} ({@link #requiredActionFor}), and the constructor refuses
 * any other pairing:
 * <ul>
 * <li>{@code transient}, {@code rate_limit}: {@code wait_and_retry}, calendar-service tries again by itself;</li>
 * <li>{@code auth}: {@code user_must_reconnect};</li>
 * <li>{@code misconfigured}: {@code operator_must_fix};</li>
 * <li>{@code permanent}: {@code user_must_choose_calendar} when the calendar is gone (deleted, or no longer shared
 * with the account: Google 404 {@code notFound}, Graph 404 {@code ErrorItemNotFound} on the calendar), else
 * {@code operator_must_fix} (the provider refuses our request for good: our bug).</li>
 * </ul>
 * A failed round always needs a retry or someone's act, so it is never {@code none}.
 *
 * @param connectionId        the connection's id in token-service
 * @param linkId              calendar-service's id of the calendar link: a UUID, lower case
 * @param provider            the calendar's provider
 * @param ownerUserId         the CRM user whose calendar it is
 * @param calendarId          the provider's calendar id
 * @param category            the failure's class
 * @param providerCode        the provider's error reason or code ({@code rateLimitExceeded},
 *                            {@code ErrorItemNotFound}, …); {@code null} when it gave none
 * @param requiredAction      who has to act, as above
 * @param reason              one short sentence for the CRM's UI, in calendar-service's own words (at most 500
 *                            characters, one line): never a provider's error message, a token or a secret
 * @param retryAt             when calendar-service tries again; {@code null} when it does not until someone acts
 * @param consecutiveFailures how many rounds of this link in a row have failed, this one included (1 or more)
 * @param failedAt            when the round failed
 */
public record CalendarSyncFailedV2(
        String connectionId,
        String linkId,
        CalendarProvider provider,
        String ownerUserId,
        String calendarId,
        FailureCategory category,
        String providerCode,
        RequiredAction requiredAction,
        String reason,
        Instant retryAt,
        int consecutiveFailures,
        Instant failedAt) {

    /** The longest {@code reason}, in characters (code points). */
    public static final int REASON_MAX_LENGTH = 500;

    public CalendarSyncFailedV2 {
        Checks.text(connectionId, "connectionId");
        Checks.uuid(linkId, "linkId");
        Checks.required(provider, "provider");
        Checks.text(ownerUserId, "ownerUserId");
        Checks.text(calendarId, "calendarId");
        Checks.required(category, "category");
        Checks.optionalText(providerCode, "providerCode");
        Checks.required(requiredAction, "requiredAction");
        RequiredAction expected = requiredActionFor(category,
                category == FailureCategory.PERMANENT && requiredAction == RequiredAction.USER_MUST_CHOOSE_CALENDAR);
        if (requiredAction != expected) {
            String allowed = category == FailureCategory.PERMANENT
                    ? RequiredAction.USER_MUST_CHOOSE_CALENDAR.wireName() + " (the calendar is gone) or " + expected.wireName()
                    : expected.wireName();
            throw new IllegalArgumentException("requiredAction of a " + category.wireName() + " failure must be " + allowed
                    + ", was " + requiredAction.wireName());
        }
        Checks.sentence(reason, "reason", REASON_MAX_LENGTH);
        if (consecutiveFailures < 1) {
            throw new IllegalArgumentException("consecutiveFailures counts this failure too, so it is at least 1, was "
                    + consecutiveFailures);
        }
        Checks.required(failedAt, "failedAt");
    }

    /**
     * Who has to act after a failed round of this category.
     *
     * @param calendarGone the provider says the calendar is gone (deleted, or no longer shared with the account)
     * @throws IllegalArgumentException when {@code calendarGone} but the failure is not {@code permanent} (the
     *                                  provider's "not found" is)
     */
    public static RequiredAction requiredActionFor(FailureCategory category, boolean calendarGone) {
        Checks.required(category, "category");
        if (calendarGone && category != FailureCategory.PERMANENT) {
            throw new IllegalArgumentException("A calendar that is gone is a permanent failure, not " + category.wireName());
        }
        return switch (category) {
            case TRANSIENT, RATE_LIMIT -> RequiredAction.WAIT_AND_RETRY;
            case AUTH -> RequiredAction.USER_MUST_RECONNECT;
            case MISCONFIGURED -> RequiredAction.OPERATOR_MUST_FIX;
            case PERMANENT -> calendarGone ? RequiredAction.USER_MUST_CHOOSE_CALENDAR : RequiredAction.OPERATOR_MUST_FIX;
        };
    }
}
