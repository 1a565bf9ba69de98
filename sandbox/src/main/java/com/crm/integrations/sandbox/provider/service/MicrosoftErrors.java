package com.crm.integrations.sandbox.provider.service;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.crm.integrations.sandbox.provider.JsonAnswer;
import com.crm.integrations.sandbox.provider.TokenError;
import com.crm.integrations.sandbox.provider.TokenFault;

/**
 * Microsoft identity platform error bodies (PROVIDERS.md §3.4): {@code error}, an {@code error_description} that starts
 * with {@code AADSTS<code>: } and ends with Trace ID, Correlation ID and Timestamp lines, {@code error_codes},
 * {@code timestamp}, {@code trace_id}, {@code correlation_id}, {@code error_uri}.
 */
final class MicrosoftErrors {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'");
    private static final String GRAPH_APP = "00000003-0000-0000-c000-000000000000";

    private MicrosoftErrors() {
    }

    /** A refused token request as Entra answers it: the AADSTS code of each reason, with its status and error. */
    static JsonAnswer refuse(TokenError e, String clientId) {
        return switch (e.reason()) {
            case MALFORMED_REQUEST -> aadsts(400, "invalid_request", 9002313, clientId, null);
            case MISSING_PARAMETER -> aadsts(400, "invalid_request", 900144, clientId, e.detail());
            case NO_CLIENT_SECRET -> aadsts(401, "invalid_client", 7000218, clientId, null);
            case UNKNOWN_CLIENT -> aadsts(400, "unauthorized_client", 700016, clientId, e.detail());
            case WRONG_SECRET -> aadsts(401, "invalid_client", 7000215, clientId, null);
            case UNSUPPORTED_GRANT_TYPE -> aadsts(400, "unsupported_grant_type", 70003, clientId, e.detail());
            case CODE_INVALID, REFRESH_TOKEN_INVALID -> aadsts(400, "invalid_grant", 9002313, clientId, null);
            case CODE_REUSED -> aadsts(400, "invalid_grant", 54005, clientId, null);
            case CODE_EXPIRED, REFRESH_TOKEN_ROTATED -> aadsts(400, "invalid_grant", 70008, clientId, null);
            case CODE_REVOKED, REFRESH_TOKEN_REVOKED -> aadsts(400, "invalid_grant", 65001, clientId, null);
            case REDIRECT_URI_MISMATCH -> aadsts(400, "invalid_grant", 500112, clientId, e.detail());
            case PKCE_VERIFIER_MISSING, PKCE_MISMATCH -> aadsts(400, "invalid_grant", 501481, clientId, null);
            case REFRESH_TOKEN_OTHER_CLIENT -> aadsts(400, "invalid_grant", 70000, clientId, null);
            case SCOPE_NOT_GRANTED -> aadsts(400, "invalid_scope", 70011, clientId, e.detail());
            case TENANT_INVALID -> aadsts(400, "invalid_request", 900023, clientId, e.detail());
            case SWITCHED -> switched(e.fault(), clientId);
        };
    }

    /** A switched-on token error: its code, else the usual one for its error; its description, else Entra's wording. */
    private static JsonAnswer switched(TokenFault fault, String clientId) {
        int code = fault.errorCode() != null ? fault.errorCode() : codeFor(fault.error());
        String message = fault.description() != null ? fault.description() : message(code, clientId, null);
        return response(fault.statusOrDefault(), fault.error(), code, message);
    }

    private static JsonAnswer aadsts(int status, String error, int code, String clientId, String subject) {
        return response(status, error, code, message(code, clientId, subject));
    }

    /** The usual code for an {@code error} value, used when a switched-on fault names only the error. */
    static int codeFor(String error) {
        return switch (error) {
            case "invalid_client" -> 7000215;
            case "unauthorized_client" -> 700016;
            case "interaction_required" -> 50079;
            case "consent_required" -> 65001;
            case "invalid_scope" -> 70011;
            case "invalid_request" -> 900144;
            case "unsupported_grant_type" -> 70003;
            case "temporarily_unavailable" -> 90024;
            default -> 70008;
        };
    }

    /** The wording Entra uses for the codes of §3.4; {@code subject} fills the app id, parameter or date it names. */
    static String message(int code, String clientId, String subject) {
        String issued = ZonedDateTime.now(ZoneOffset.UTC).minusDays(91).format(DateTimeFormatter.ISO_INSTANT);
        return switch (code) {
            case 70008 -> "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.";
            case 700082 -> "The refresh token has expired due to inactivity. The token was issued on " + issued + " and was inactive for 90.00:00:00.";
            case 700084 -> "The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page. The token was issued on " + issued + ".";
            case 50173 -> "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '" + issued + "' and the TokensValidFrom date (before which tokens are not valid) for this user is '" + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT) + "'.";
            case 70043 -> "The refresh token has expired or is invalid due to sign-in frequency checks by conditional access. The token was issued on " + issued + " and the maximum allowed lifetime for this request is 86400.";
            case 70044 -> "The session has expired or is invalid due to sign-in frequency checks by conditional access. The session was issued on " + issued + " and the maximum allowed lifetime for this request is 86400.";
            case 50076 -> "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '" + GRAPH_APP + "'.";
            case 50079 -> "Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access '" + GRAPH_APP + "'.";
            case 50078 -> "Presented multi-factor authentication has expired due to policies configured by your administrator, you must refresh your multi-factor authentication to access '" + GRAPH_APP + "'.";
            case 65001 -> "The user or administrator has not consented to use the application with ID '" + clientId + "' named 'CRM integrations (sandbox)'. Send an interactive authorization request for this user and resource.";
            case 65004 -> "User declined to consent to access the app.";
            case 7000215 -> "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" + clientId + "'.";
            case 7000222 -> "The provided client secret keys for app '" + clientId + "' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.";
            case 7000218 -> "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.";
            case 700016 -> "Application with identifier '" + subject + "' was not found in the directory 'Sandbox'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.";
            case 501481 -> "The Code_Verifier does not match the code_challenge supplied in the authorization request.";
            case 50148 -> "The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.";
            case 54005 -> "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.";
            case 70000 -> "The request was denied because one or more grants are invalid or expired.";
            case 70011 -> "The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. " + (subject == null ? "" : "The scope " + subject + " is not valid.");
            case 70003 -> "The app requested an unsupported grant type '" + subject + "'.";
            case 900144 -> "The request body must contain the following parameter: '" + subject + "'.";
            case 900023 -> "Specified tenant identifier '" + subject + "' is neither a valid DirectoryName nor a valid ObjectId.";
            case 9002313 -> "Invalid request. Request is malformed or invalid.";
            case 500112 -> "The reply address '" + subject + "' does not match the reply address provided when requesting Authorization code.";
            case 50011 -> subject;
            case 50196 -> "The server terminated an operation because it encountered a client request loop. Please contact your app vendor.";
            case 90055 -> "The tenant is throttled. Retry the request after a short wait.";
            case 90024 -> "A transient error has occurred. Please try again.";
            default -> subject != null ? subject : "The sandbox was told to answer this error.";
        };
    }

    /** The token endpoint's JSON error. */
    static JsonAnswer response(int status, String error, int code, String message) {
        return JsonAnswer.of(status, body(error, code, message));
    }

    static Map<String, Object> body(String error, int code, String message) {
        String timestamp = ZonedDateTime.now(ZoneOffset.UTC).format(TIMESTAMP);
        String traceId = UUID.randomUUID().toString();
        String correlationId = UUID.randomUUID().toString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description(code, message, traceId, correlationId, timestamp));
        body.put("error_codes", List.of(code));
        body.put("timestamp", timestamp);
        body.put("trace_id", traceId);
        body.put("correlation_id", correlationId);
        body.put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
        return body;
    }

    /** {@code AADSTS<code>: <message>} and the trace lines, as in the token endpoint's bodies. */
    static String description(int code, String message, String traceId, String correlationId, String timestamp) {
        return "AADSTS" + code + ": " + message + "\r\nTrace ID: " + traceId + "\r\nCorrelation ID: " + correlationId
                + "\r\nTimestamp: " + timestamp;
    }

    /** The one-line form the authorize redirects and pages carry. */
    static String shortDescription(int code, String message) {
        return "AADSTS" + code + ": " + message;
    }
}
