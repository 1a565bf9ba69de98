package com.crm.integrations.calendar.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.crm.integrations.common.events.payload.CalendarCommandAction;
import com.crm.integrations.common.events.payload.CalendarProvider;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.retry.ProviderErrors;

/**
 * What one write inside a batch came to, read from its own answer as the single call's would be: one item's
 * trouble is its own, never its neighbours'.
 */
public sealed interface BatchItemResult {

    /** The provider holds the event as answered (a create, an update, a move). */
    record Written(ProviderEvent event) implements BatchItemResult {
    }

    /** Google's 409 {@code duplicate} on a create: an earlier send made it; read the event by its id. */
    record Duplicate() implements BatchItemResult {
    }

    /** Deleted now, or gone already (404, Google's 410 {@code deleted}): a delete is done either way. */
    record Removed() implements BatchItemResult {
    }

    /** An update or move met no event (404, 410): the user deleted it. */
    record Gone() implements BatchItemResult {
    }

    /** 412: the event changed since the version sent; the conflict rule decides. */
    record Stale() implements BatchItemResult {
    }

    /** Throttled or failing for now (429, Google's rate-limit 403s, 5xx, Google's 409 {@code conflict}, Graph's 424): send again. */
    record Retry(FailureCategory category, String providerCode, Optional<Duration> retryAfter) implements BatchItemResult {
    }

    /** Refused for good: the item fails with the provider's words. */
    record Failed(int status, String providerCode, String message) implements BatchItemResult {
    }

    /**
     * Reads one item's answer.
     *
     * @param action what the item asked for ({@code create}, {@code update} — a move reads as one —, {@code delete})
     */
    static BatchItemResult of(CalendarProvider provider, CalendarCommandAction action, BatchAnswer answer, Instant now) {
        int status = answer.status();
        if (answer.succeeded()) {
            if (action == CalendarCommandAction.DELETE) {
                return new Removed();
            }
            return new Written(provider == CalendarProvider.GOOGLE ? GoogleCalendarApi.event(answer.body())
                    : GraphCalendarApi.event(answer.body()));
        }
        String code = answer.providerCode();
        if (status == 404 || status == 410) {
            return action == CalendarCommandAction.DELETE ? new Removed() : new Gone();
        }
        if (status == 412) {
            return new Stale();
        }
        if (status == 409 && provider == CalendarProvider.GOOGLE && action == CalendarCommandAction.CREATE && "duplicate".equals(code)) {
            return new Duplicate();
        }
        if (status == 409 && provider == CalendarProvider.GOOGLE && "conflict".equals(code)) {
            // "a batched item conflicted with another": the rest may go again (PROVIDERS.md §2.5).
            return new Retry(FailureCategory.TRANSIENT, code, answer.retryAfter(now));
        }
        if (status == 424) {
            return new Retry(FailureCategory.TRANSIENT, code, answer.retryAfter(now));
        }
        ProviderErrors.ProviderError error = ProviderErrors.classify(status, answer.body().encode(), answer.headers().get("Retry-After"),
                now);
        if (error.retryable()) {
            return new Retry(error.category(), error.providerCode(), error.retryAfter());
        }
        return new Failed(status, error.providerCode(), answer.providerMessage());
    }
}
