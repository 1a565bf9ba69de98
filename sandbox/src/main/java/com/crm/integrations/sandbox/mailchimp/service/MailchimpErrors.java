package com.crm.integrations.sandbox.mailchimp.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.crm.integrations.sandbox.provider.ApiAnswer;
import com.crm.integrations.sandbox.provider.ProviderRefusal;

/**
 * The Marketing API's problem-details errors (PROVIDERS.md §5.4): {@code application/problem+json} with {@code type},
 * {@code title}, {@code status}, {@code detail}, {@code instance}, and {@code errors[]} on validation failures only.
 */
public final class MailchimpErrors {

    public static final String PROBLEM_JSON = "application/problem+json; charset=utf-8";
    private static final String TYPE = "https://mailchimp.com/developer/marketing/docs/errors/";
    private static final String INVALID_RESOURCE = "Invalid Resource";
    /** The title of {@link #memberExists}, which batch subscribe reports as {@code ERROR_CONTACT_EXISTS}. */
    public static final String MEMBER_EXISTS = "Member Exists";

    /** One entry of {@code errors[]}. */
    public record FieldError(String field, String message) {
    }

    private MailchimpErrors() {
    }

    /** 401 {@code API Key Missing} without credentials, else {@code API Key Invalid} (§5.2). */
    public static ApiAnswer unauthorized(boolean missing) {
        return missing
                ? problem(401, "API Key Missing", "Your request did not include an API key.", List.of())
                : problem(401, "API Key Invalid", "Your API key may be invalid, or you've attempted to access the wrong datacenter.", List.of());
    }

    /**
     * 429 {@code Too Many Requests}: more simultaneous connections than the account may have (§5.4). No
     * {@code Retry-After}: Mailchimp sends none.
     */
    public static ApiAnswer tooManyRequests(int limit) {
        return problem(429, "Too Many Requests", "You have exceeded the limit of " + limit + " simultaneous connections.", List.of());
    }

    /** 404 {@code Resource Not Found}: an unknown audience, member or webhook, or one of another data centre. */
    public static ProviderRefusal notFound() {
        return refusal(problem(404, "Resource Not Found", "The requested resource could not be found.", List.of()));
    }

    /** 400 {@code Invalid Resource} with field errors. */
    public static ProviderRefusal invalidFields(List<FieldError> errors) {
        return refusal(problem(400, INVALID_RESOURCE,
                "The resource submitted could not be validated. For field-specific details, see the 'errors' array.", errors));
    }

    public static ProviderRefusal invalidField(String field, String message) {
        return invalidFields(List.of(new FieldError(field, message)));
    }

    /** 400 {@code Invalid Resource} whose detail says what is wrong, without {@code errors[]}. */
    public static ProviderRefusal invalid(String detail) {
        return refusal(problem(400, INVALID_RESOURCE, detail, List.of()));
    }

    /** 400 {@code Invalid Resource} "Your merge fields were invalid." with the merge tags at fault [obs]. */
    public static ProviderRefusal invalidMergeFields(List<FieldError> errors) {
        return refusal(problem(400, INVALID_RESOURCE, "Your merge fields were invalid.", errors));
    }

    /**
     * 400 {@code Member In Compliance State} (§5.3 [obs]): the address unsubscribed, bounced or was reported, and cannot be
     * set to {@code subscribed} (an unsubscribed one may go {@code pending}: double opt-in).
     */
    public static ProviderRefusal complianceState(String email) {
        return refusal(problem(400, "Member In Compliance State", email
                + " is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.", List.of()));
    }

    /** 400 {@code Member Exists} (§5.3): {@code POST …/members} for an address the audience has. */
    public static ProviderRefusal memberExists(String email) {
        return refusal(problem(400, MEMBER_EXISTS, email + " is already a list member. Use PUT to insert or update list members.", List.of()));
    }

    /** 400 {@code Invalid Resource} for an address re-subscribed too often lately (§5.3 [obs]). */
    public static ProviderRefusal tooManySignups(String email) {
        return refusal(problem(400, INVALID_RESOURCE,
                email + " has signed up to a lot of lists very recently; we're not allowing more signups for now", List.of()));
    }

    /** 400 {@code Bad Request}, e.g. "Your Campaign is not ready to send." [obs], with what is wrong in {@code errors[]} if any. */
    public static ProviderRefusal badRequest(String detail, List<FieldError> errors) {
        return refusal(problem(400, "Bad Request", detail, errors));
    }

    /** 500 {@code Internal Server Error}: a bug of the stand-in, answered as Mailchimp would. */
    public static ApiAnswer internalError() {
        return problem(500, "Internal Server Error", "An unexpected internal error has occurred. Please contact Support for more information.",
                List.of());
    }

    /** 400 {@code JSON Parse Error}: a body that is not a JSON object. */
    public static ProviderRefusal jsonParseError() {
        return refusal(problem(400, "JSON Parse Error", "We encountered an unspecified JSON parsing error.", List.of()));
    }

    public static ProviderRefusal refusal(ApiAnswer answer) {
        return new ProviderRefusal(answer, answer.status() + " " + answer.body().get("title"));
    }

    private static ApiAnswer problem(int status, String title, String detail, List<FieldError> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", UUID.randomUUID().toString());
        if (!errors.isEmpty()) {
            body.put("errors", errors.stream().map(error -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("field", error.field());
                entry.put("message", error.message());
                return entry;
            }).toList());
        }
        return new ApiAnswer(status, body, Map.of("Content-Type", PROBLEM_JSON));
    }
}
