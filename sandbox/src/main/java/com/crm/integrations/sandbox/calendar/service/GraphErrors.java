package com.crm.integrations.sandbox.calendar.service;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.crm.integrations.sandbox.provider.ApiAnswer;
import com.crm.integrations.sandbox.provider.ProviderRefusal;

/**
 * Microsoft Graph's errors, PROVIDERS.md §4.6: {@code {"error":{"code","message","innerError":{"date","request-id",
 * "client-request-id"}}}}, with the {@code request-id} and {@code client-request-id} headers.
 */
public final class GraphErrors {

    /** {@code innerError.date}: UTC, seconds, no offset. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private GraphErrors() {
    }

    /**
     * @param clientRequestId the request's {@code client-request-id}, echoed; {@code null}: a new one
     * @param retryAfter the {@code Retry-After} header, {@code null} for none
     */
    public static ApiAnswer answer(int status, String code, String message, String clientRequestId, String retryAfter) {
        String requestId = UUID.randomUUID().toString();
        String clientId = clientRequestId == null ? UUID.randomUUID().toString() : clientRequestId;
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("date", DATE.format(LocalDateTime.now(ZoneOffset.UTC)));
        inner.put("request-id", requestId);
        inner.put("client-request-id", clientId);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("innerError", inner);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("request-id", requestId);
        headers.put("client-request-id", clientId);
        if (retryAfter != null) {
            headers.put("Retry-After", retryAfter);
        }
        return new ApiAnswer(status, Map.of("error", error), headers);
    }

    /** 401 {@code InvalidAuthenticationToken} [unconf: the messages are Graph's usual ones, not in PROVIDERS.md]. */
    public static ApiAnswer unauthorized(boolean tokenPresent, String clientRequestId) {
        return answer(401, "InvalidAuthenticationToken", tokenPresent ? "Access token validation failure." : "Access token is empty.",
                clientRequestId, null);
    }

    public static ApiAnswer accessDenied(String clientRequestId) {
        return answer(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.", clientRequestId, null);
    }

    /** Throttled (§4.5): 429 {@code TooManyRequests}, 503, 504 [unconf: the 503 and 504 codes]. */
    public static ApiAnswer throttled(int status, String clientRequestId, String retryAfter) {
        return switch (status) {
            case 503 -> answer(503, "ServiceNotAvailable", "The service is temporarily unavailable.", clientRequestId, retryAfter);
            case 504 -> answer(504, "GatewayTimeout", "The gateway did not receive a timely response.", clientRequestId, retryAfter);
            default -> answer(429, "TooManyRequests", "Please retry again later.", clientRequestId, retryAfter);
        };
    }

    /** An item fault's answer: {@link #throttled}'s, or 409 {@code Conflict}, 500 {@code generalException} [unconf: neither code is in PROVIDERS.md]. */
    public static ApiAnswer itemFault(int status, String clientRequestId, String retryAfter) {
        return switch (status) {
            case 400 -> answer(400, "ErrorInvalidRequest", "The request is invalid.", clientRequestId, retryAfter);
            case 403 -> answer(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.", clientRequestId, retryAfter);
            case 409 -> answer(409, "Conflict", "The request conflicts with another request.", clientRequestId, retryAfter);
            case 500 -> answer(500, "generalException", "General exception while processing.", clientRequestId, retryAfter);
            default -> throttled(status, clientRequestId, retryAfter);
        };
    }

    /** Over the mailbox's concurrency limit (§4.4's wording). */
    public static ApiAnswer overConcurrency(String clientRequestId, String retryAfter) {
        return answer(429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.", clientRequestId, retryAfter);
    }

    static ProviderRefusal refusal(int status, String code, String message, String clientRequestId) {
        ApiAnswer answer = answer(status, code, message, clientRequestId, null);
        return new ProviderRefusal(answer, code + ": " + message);
    }

    static ProviderRefusal notFound(String clientRequestId) {
        return refusal(404, "ErrorItemNotFound", "The specified object was not found in the store.", clientRequestId);
    }

    static ProviderRefusal badRequest(String message, String clientRequestId) {
        return refusal(400, "ErrorInvalidRequest", message, clientRequestId);
    }

    /** A stale {@code If-Match} [unconf: Graph's usual code for it, not in PROVIDERS.md]. */
    static ProviderRefusal changeKeyMismatch(String clientRequestId) {
        return refusal(412, "ErrorIrresolvableConflict", "The send or update operation could not be performed because the change key "
                + "passed in the request does not match the current change key for the item.", clientRequestId);
    }
}
