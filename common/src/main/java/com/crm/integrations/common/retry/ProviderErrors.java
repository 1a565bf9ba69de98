package com.crm.integrations.common.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The error taxonomy: one place that turns a provider's failed HTTP answer (status, body,
 * {@code Retry-After}) into a {@link FailureCategory}, the provider's own code, and how long to
 * wait. It reads the body shapes of ../shared/PROVIDERS.md: OAuth token-endpoint errors
 * ({@code {"error","error_description","error_codes"}}, Microsoft's AADSTS codes), Google JSON API
 * errors ({@code error.errors[].reason}), Microsoft Graph errors ({@code error.code}) and Mailchimp
 * problem details ({@code title}); an unreadable body falls back to the status.
 */
public final class ProviderErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+)");

    /** Microsoft identity platform codes (PROVIDERS.md §3.4). */
    private static final Map<Long, FailureCategory> AADSTS_CODES = Map.ofEntries(
            Map.entry(70008L, FailureCategory.AUTH), Map.entry(700082L, FailureCategory.AUTH),
            Map.entry(700084L, FailureCategory.AUTH), Map.entry(50173L, FailureCategory.AUTH),
            Map.entry(70043L, FailureCategory.AUTH), Map.entry(70044L, FailureCategory.AUTH),
            Map.entry(50076L, FailureCategory.AUTH), Map.entry(50079L, FailureCategory.AUTH),
            Map.entry(50078L, FailureCategory.AUTH), Map.entry(65001L, FailureCategory.AUTH),
            Map.entry(65004L, FailureCategory.AUTH), Map.entry(70000L, FailureCategory.AUTH),
            Map.entry(7000215L, FailureCategory.MISCONFIGURED), Map.entry(7000222L, FailureCategory.MISCONFIGURED),
            Map.entry(50194L, FailureCategory.MISCONFIGURED), Map.entry(9002332L, FailureCategory.MISCONFIGURED),
            Map.entry(50148L, FailureCategory.PERMANENT), Map.entry(501481L, FailureCategory.PERMANENT),
            Map.entry(54005L, FailureCategory.PERMANENT), Map.entry(70011L, FailureCategory.PERMANENT),
            Map.entry(900144L, FailureCategory.PERMANENT), Map.entry(9002313L, FailureCategory.PERMANENT),
            Map.entry(50196L, FailureCategory.RATE_LIMIT), Map.entry(90055L, FailureCategory.RATE_LIMIT),
            Map.entry(90024L, FailureCategory.TRANSIENT));

    /** OAuth 2.0 / OpenID Connect {@code error} values (RFC 6749 §5.2, OIDC Core §3.1.2.6). */
    private static final Map<String, FailureCategory> OAUTH_ERRORS = Map.ofEntries(
            Map.entry("invalid_grant", FailureCategory.AUTH),
            Map.entry("interaction_required", FailureCategory.AUTH),
            Map.entry("consent_required", FailureCategory.AUTH),
            Map.entry("login_required", FailureCategory.AUTH),
            Map.entry("invalid_token", FailureCategory.AUTH),
            Map.entry("invalid_client", FailureCategory.MISCONFIGURED),
            Map.entry("unauthorized_client", FailureCategory.MISCONFIGURED),
            Map.entry("redirect_uri_mismatch", FailureCategory.MISCONFIGURED),
            Map.entry("invalid_request", FailureCategory.PERMANENT),
            Map.entry("invalid_scope", FailureCategory.PERMANENT),
            Map.entry("unsupported_grant_type", FailureCategory.PERMANENT),
            Map.entry("temporarily_unavailable", FailureCategory.TRANSIENT),
            Map.entry("server_error", FailureCategory.TRANSIENT),
            Map.entry("slow_down", FailureCategory.RATE_LIMIT));

    /** Google JSON API {@code reason}s that are throttling, whatever the status (403 or 429). */
    private static final Map<String, FailureCategory> GOOGLE_REASONS = Map.of(
            "rateLimitExceeded", FailureCategory.RATE_LIMIT,
            "userRateLimitExceeded", FailureCategory.RATE_LIMIT,
            "quotaExceeded", FailureCategory.RATE_LIMIT,
            "dailyLimitExceeded", FailureCategory.RATE_LIMIT,
            "backendError", FailureCategory.TRANSIENT,
            "authError", FailureCategory.AUTH);

    private ProviderErrors() {
    }

    /**
     * A classified failure.
     *
     * @param category     what to do about it
     * @param providerCode the provider's code ({@code invalid_grant}, {@code AADSTS700082},
     *                     {@code rateLimitExceeded}, {@code TooManyRequests}, …), or null
     * @param retryAfter   the wait the provider asked for, if it did
     */
    public record ProviderError(FailureCategory category, String providerCode, Optional<Duration> retryAfter) {

        /** Whether trying again can succeed (after {@link #retryAfter()} or a backoff). */
        public boolean retryable() {
            return category == FailureCategory.TRANSIENT || category == FailureCategory.RATE_LIMIT;
        }
    }

    /** Classifies a failed answer ({@code status} ≥ 400); {@code body} and {@code retryAfter} may be null. */
    public static ProviderError classify(int status, String body, String retryAfter, Instant now) {
        Optional<Duration> wait = RetryAfter.parse(retryAfter, now);
        JsonNode json = read(body);
        JsonNode error = json.path("error");

        if (error.isTextual()) { // OAuth token endpoint, Microsoft identity platform
            Optional<Long> aadsts = aadsts(json);
            if (aadsts.isPresent() && AADSTS_CODES.containsKey(aadsts.get())) {
                return new ProviderError(AADSTS_CODES.get(aadsts.get()), "AADSTS" + aadsts.get(), wait);
            }
            FailureCategory category = OAUTH_ERRORS.get(error.asText());
            if (category != null) {
                return new ProviderError(category, aadsts.map(code -> "AADSTS" + code).orElse(error.asText()), wait);
            }
            return new ProviderError(byStatus(status), error.asText(), wait);
        }
        if (error.isObject()) {
            String reason = error.path("errors").path(0).path("reason").asText(null);
            if (reason != null) { // Google JSON APIs
                FailureCategory category = GOOGLE_REASONS.get(reason);
                return new ProviderError(category != null ? category : byStatus(status), reason, wait);
            }
            String code = error.path("code").isTextual() ? error.path("code").asText() : null;
            return new ProviderError(byStatus(status), code, wait); // Microsoft Graph: the status decides
        }
        String title = json.path("title").asText(null);
        if (title != null) { // Mailchimp problem details: the status decides, the title names it
            return new ProviderError(byStatus(status), title.replace(" ", ""), wait);
        }
        return new ProviderError(byStatus(status), null, wait);
    }

    /** The class a status alone implies. */
    static FailureCategory byStatus(int status) {
        if (status == 429) {
            return FailureCategory.RATE_LIMIT;
        }
        if (status >= 500 || status == 408) {
            return FailureCategory.TRANSIENT;
        }
        if (status == 401) {
            return FailureCategory.AUTH;
        }
        return FailureCategory.PERMANENT;
    }

    private static Optional<Long> aadsts(JsonNode json) {
        JsonNode codes = json.path("error_codes");
        if (codes.isArray() && codes.size() > 0 && codes.get(0).canConvertToLong()) {
            return Optional.of(codes.get(0).asLong());
        }
        Matcher matcher = AADSTS.matcher(json.path("error_description").asText(""));
        return matcher.find() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
    }

    private static JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            return JSON.missingNode();
        }
        try {
            JsonNode json = JSON.readTree(body);
            return json == null ? JSON.missingNode() : json;
        } catch (java.io.IOException notJson) {
            return JSON.missingNode();
        }
    }
}
