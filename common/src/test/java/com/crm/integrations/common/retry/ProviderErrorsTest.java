package com.crm.integrations.common.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real status / body pairs from ../shared/PROVIDERS.md, and the class each must get. */
class ProviderErrorsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:15:30Z");

    @ParameterizedTest(name = "{0} {1} → {2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # Google OAuth token endpoint (§1.6)
            400 | {"error":"invalid_grant","error_description":"Token has been expired or revoked."} | AUTH | invalid_grant
            400 | {"error":"invalid_grant","error_description":"Malformed auth code."} | AUTH | invalid_grant
            401 | {"error":"invalid_client","error_description":"The OAuth client was not found."} | MISCONFIGURED | invalid_client
            401 | {"error":"unauthorized_client","error_description":"Unauthorized"} | MISCONFIGURED | unauthorized_client
            400 | {"error":"invalid_request","error_description":"Missing required parameter: code"} | PERMANENT | invalid_request
            400 | {"error":"unsupported_grant_type","error_description":"Invalid grant_type: password"} | PERMANENT | unsupported_grant_type
            400 | {"error":"redirect_uri_mismatch","error_description":"Bad Request"} | MISCONFIGURED | redirect_uri_mismatch
            400 | {"error":"invalid_token","error_description":"Token expired or revoked"} | AUTH | invalid_token
            # Microsoft identity platform (§3.4): the code decides, never the description text
            400 | {"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has expired due to inactivity.","error_codes":[700082]} | AUTH | AADSTS700082
            400 | {"error":"invalid_grant","error_description":"AADSTS70008: expired or revoked","error_codes":[70008]} | AUTH | AADSTS70008
            400 | {"error":"invalid_grant","error_description":"AADSTS50173: FreshTokenNeeded","error_codes":[50173]} | AUTH | AADSTS50173
            400 | {"error":"interaction_required","error_description":"AADSTS50079: MFA enrolment required","error_codes":[50079],"suberror":"basic_action"} | AUTH | AADSTS50079
            400 | {"error":"invalid_grant","error_description":"AADSTS65001: consent","error_codes":[65001]} | AUTH | AADSTS65001
            401 | {"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.","error_codes":[7000215]} | MISCONFIGURED | AADSTS7000215
            401 | {"error":"invalid_client","error_description":"AADSTS7000222: The provided client secret keys are expired.","error_codes":[7000222]} | MISCONFIGURED | AADSTS7000222
            400 | {"error":"invalid_grant","error_description":"AADSTS501481: The Code_Verifier does not match","error_codes":[501481]} | PERMANENT | AADSTS501481
            400 | {"error":"invalid_grant","error_description":"AADSTS54005: OAuth2 Authorization code was already redeemed","error_codes":[54005]} | PERMANENT | AADSTS54005
            400 | {"error":"invalid_grant","error_description":"AADSTS50196: loop detected","error_codes":[50196]} | RATE_LIMIT | AADSTS50196
            400 | {"error":"invalid_grant","error_description":"AADSTS700082: no error_codes array"} | AUTH | AADSTS700082
            400 | {"error":"invalid_grant","error_description":"AADSTS999999: a code we do not know","error_codes":[999999]} | AUTH | AADSTS999999
            503 | {"error":"temporarily_unavailable","error_description":"AADSTS90024: transient"} | TRANSIENT | AADSTS90024
            # Google Calendar API (§2.5)
            401 | {"error":{"errors":[{"domain":"global","reason":"authError","message":"Invalid Credentials","locationType":"header","location":"Authorization"}],"code":401,"message":"Invalid Credentials"}} | AUTH | authError
            403 | {"error":{"errors":[{"domain":"usageLimits","reason":"rateLimitExceeded","message":"Rate Limit Exceeded"}],"code":403,"message":"Rate Limit Exceeded"}} | RATE_LIMIT | rateLimitExceeded
            403 | {"error":{"errors":[{"domain":"usageLimits","reason":"userRateLimitExceeded","message":"User Rate Limit Exceeded"}],"code":403,"message":"User Rate Limit Exceeded"}} | RATE_LIMIT | userRateLimitExceeded
            403 | {"error":{"errors":[{"domain":"usageLimits","reason":"quotaExceeded","message":"Calendar usage limits exceeded."}],"code":403,"message":"Calendar usage limits exceeded."}} | RATE_LIMIT | quotaExceeded
            403 | {"error":{"errors":[{"domain":"global","reason":"forbiddenForNonOrganizer","message":"Shared properties can only be changed by the organizer of the event."}],"code":403,"message":"x"}} | PERMANENT | forbiddenForNonOrganizer
            429 | {"error":{"errors":[{"domain":"usageLimits","reason":"rateLimitExceeded","message":"Rate Limit Exceeded"}],"code":429,"message":"Rate Limit Exceeded"}} | RATE_LIMIT | rateLimitExceeded
            500 | {"error":{"errors":[{"domain":"global","reason":"backendError","message":"Backend Error"}],"code":500,"message":"Backend Error"}} | TRANSIENT | backendError
            404 | {"error":{"errors":[{"domain":"global","reason":"notFound","message":"Not Found"}],"code":404,"message":"Not Found"}} | PERMANENT | notFound
            # Microsoft Graph (§4.5, §4.6)
            429 | {"error":{"code":"TooManyRequests","message":"Please retry again later.","innerError":{}}} | RATE_LIMIT | TooManyRequests
            401 | {"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired."}} | AUTH | InvalidAuthenticationToken
            404 | {"error":{"code":"ErrorItemNotFound","message":"The specified object was not found in the store."}} | PERMANENT | ErrorItemNotFound
            503 | {"error":{"code":"ServiceUnavailable","message":"x"}} | TRANSIENT | ServiceUnavailable
            # Mailchimp problem details (§5.4)
            400 | {"type":"https://mailchimp.com/developer/marketing/docs/errors/","title":"Invalid Resource","status":400,"detail":"x"} | PERMANENT | InvalidResource
            401 | {"type":"https://mailchimp.com/developer/marketing/docs/errors/","title":"API Key Invalid","status":401,"detail":"Your API key may be invalid."} | AUTH | APIKeyInvalid
            429 | {"type":"https://mailchimp.com/developer/marketing/docs/errors/","title":"Too Many Requests","status":429,"detail":"You have exceeded the limit of 10 simultaneous connections."} | RATE_LIMIT | TooManyRequests
            500 | {"type":"https://mailchimp.com/developer/marketing/docs/errors/","title":"Internal Server Error","status":500} | TRANSIENT | InternalServerError
            # No readable body: the status decides
            403 | '' | PERMANENT |
            502 | <html>Bad Gateway</html> | TRANSIENT |
            408 | '' | TRANSIENT |
            """)
    void classifiesRealProviderAnswers(int status, String body, FailureCategory category, String code) {
        ProviderErrors.ProviderError error = ProviderErrors.classify(status, body, null, NOW);
        assertEquals(category, error.category());
        assertEquals(code, error.providerCode());
    }

    @Test
    void carriesTheWaitTheProviderAskedFor() {
        ProviderErrors.ProviderError error = ProviderErrors.classify(429,
                "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Please retry again later.\"}}", "2.128", NOW);
        assertEquals(Optional.of(Duration.ofMillis(2128)), error.retryAfter());
        assertTrue(error.retryable());
    }

    @Test
    void onlyTransientAndRateLimitAreWorthRetrying() {
        assertFalse(ProviderErrors.classify(400, "{\"error\":\"invalid_grant\"}", null, NOW).retryable());
        assertFalse(ProviderErrors.classify(401, "{\"error\":\"invalid_client\"}", null, NOW).retryable());
        assertTrue(ProviderErrors.classify(503, null, "Wed, 25 Nov 2026 10:16:00 GMT", NOW).retryable());
    }
}
