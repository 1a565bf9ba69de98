package com.crm.integrations.sandbox.calendar.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.crm.integrations.sandbox.provider.ApiAnswer;
import com.crm.integrations.sandbox.provider.ProviderRefusal;

/** Google's JSON API errors, PROVIDERS.md §2.5: {@code {"error":{"errors":[{domain, reason, message…}], code, message}}}. */
public final class GoogleErrors {

    private static final String GLOBAL = "global";
    private static final String USAGE_LIMITS = "usageLimits";
    private static final String PARAMETER = "parameter";

    private GoogleErrors() {
    }

    /** @param location the parameter or header at fault, {@code null} for none ({@code locationType} follows it) */
    public static ApiAnswer answer(int status, String domain, String reason, String message, String locationType, String location) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("domain", domain);
        error.put("reason", reason);
        error.put("message", message);
        if (location != null) {
            error.put("locationType", locationType);
            error.put("location", location);
        }
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("errors", List.of(error));
        outer.put("code", status);
        outer.put("message", message);
        return new ApiAnswer(status, Map.of("error", outer), Map.of());
    }

    public static ApiAnswer unauthorized() {
        return answer(401, GLOBAL, "authError", "Invalid Credentials", "header", "Authorization");
    }

    /** A token without a calendar scope [unconf: wording not in PROVIDERS.md]. */
    public static ApiAnswer insufficientScopes() {
        return answer(403, GLOBAL, "insufficientPermissions", "Request had insufficient authentication scopes.", null, null);
    }

    /**
     * Throttled (§2.5): 403 {@code userRateLimitExceeded}, {@code rateLimitExceeded} or {@code quotaExceeded}, 429
     * {@code rateLimitExceeded}, 500 or 503 {@code backendError}.
     */
    public static ApiAnswer throttled(int status, String reason, String retryAfter) {
        String message = switch (reason) {
            case "userRateLimitExceeded" -> "User Rate Limit Exceeded";
            case "quotaExceeded" -> "Calendar usage limits exceeded.";
            case "backendError" -> "Backend Error";
            default -> "Rate Limit Exceeded";
        };
        ApiAnswer answer = answer(status, "backendError".equals(reason) ? GLOBAL : USAGE_LIMITS, reason, message, null, null);
        return retryAfter == null ? answer : new ApiAnswer(status, answer.body(), Map.of("Retry-After", retryAfter));
    }

    /** An item fault's answer: {@link #throttled}'s, or 409 {@code conflict} (a batched item conflicted with another, §2.5). */
    public static ApiAnswer itemFault(int status, String reason, String retryAfter) {
        if ("badRequest".equals(reason)) {
            return badRequestAnswer("Bad Request");
        }
        if ("forbiddenForNonOrganizer".equals(reason)) {
            return answer(403, GLOBAL, reason, "Shared properties can only be changed by the organizer of the event.", null, null);
        }
        if (!"conflict".equals(reason)) {
            return throttled(status, reason, retryAfter);
        }
        ApiAnswer answer = answer(409, GLOBAL, "conflict", "Conflict", null, null);
        return retryAfter == null ? answer : new ApiAnswer(409, answer.body(), Map.of("Retry-After", retryAfter));
    }

    static ProviderRefusal refusal(ApiAnswer answer) {
        return new ProviderRefusal(answer, answer.body().toString());
    }

    /** 400 {@code invalid} for one parameter's value. */
    static ProviderRefusal invalidParameter(String parameter, String message) {
        return refusal(answer(400, GLOBAL, "invalid", message, PARAMETER, parameter));
    }

    static ProviderRefusal badRequest(String message) {
        return refusal(badRequestAnswer(message));
    }

    static ApiAnswer badRequestAnswer(String message) {
        return answer(400, GLOBAL, "badRequest", message, null, null);
    }

    /** 400 {@code required}: a field the event must have. */
    static ProviderRefusal required(String message) {
        return refusal(answer(400, GLOBAL, "required", message, null, null));
    }

    /** 400 {@code required}: a query parameter the call must have. */
    static ProviderRefusal requiredParameter(String parameter) {
        return refusal(answer(400, GLOBAL, "required", "Required parameter: " + parameter, PARAMETER, parameter));
    }

    static ProviderRefusal invalid(String message) {
        return refusal(answer(400, GLOBAL, "invalid", message, null, null));
    }

    static ProviderRefusal parseError() {
        return refusal(answer(400, GLOBAL, "parseError", "Parse Error", null, null));
    }

    static ProviderRefusal timeRangeEmpty(String parameter) {
        return refusal(answer(400, "calendar", "timeRangeEmpty", "The specified time range is empty.", PARAMETER, parameter));
    }

    static ProviderRefusal notFound() {
        return refusal(answer(404, GLOBAL, "notFound", "Not Found", null, null));
    }

    static ProviderRefusal duplicate() {
        return refusal(answer(409, GLOBAL, "duplicate", "The requested identifier already exists.", null, null));
    }

    static ProviderRefusal deleted() {
        return refusal(answer(410, GLOBAL, "deleted", "Resource has been deleted", null, null));
    }

    static ProviderRefusal fullSyncRequired() {
        return refusal(answer(410, "calendar", "fullSyncRequired", "Sync token is no longer valid, a full sync is required.", PARAMETER,
                "syncToken"));
    }

    static ProviderRefusal conditionNotMet() {
        return refusal(answer(412, GLOBAL, "conditionNotMet", "Precondition Failed", "header", "If-Match"));
    }
}
