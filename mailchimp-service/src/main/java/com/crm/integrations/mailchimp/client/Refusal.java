package com.crm.integrations.mailchimp.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Mailchimp's refusal of one write, read from its problem details (PROVIDERS.md §5.4): {@code title} names it
 * ({@code Member In Compliance State}, {@code Invalid Resource}, …), {@code detail} says more, {@code errors} name fields.
 * Never shown as it is: mailchimp-service says what it means in its own words ({@code code}).
 *
 * @param status the HTTP status
 * @param title  the problem's title, or null
 * @param detail the problem's detail, or null
 * @param fields the fields {@code errors[]} named
 */
public record Refusal(int status, String title, String detail, List<String> fields) {

    /** Unsubscribed, cleaned or under review: only a double opt-in may bring it back. */
    public static final String COMPLIANCE_STATE = "compliance_state";
    /** Signed up to many lists very recently. */
    public static final String RESUBSCRIBE_LIMIT = "resubscribe_limit";
    public static final String INVALID_EMAIL = "invalid_email";
    public static final String INVALID_MERGE_FIELDS = "invalid_merge_fields";
    public static final String INVALID_MEMBER = "invalid_member";
    public static final String NOT_FOUND = "not_found";
    public static final String REFUSED = "refused";

    public static Refusal of(int status, JsonObject body) {
        List<String> fields = new ArrayList<>();
        JsonArray errors = body.getJsonArray("errors", new JsonArray());
        for (int i = 0; i < errors.size(); i++) {
            Object error = errors.getValue(i);
            if (error instanceof JsonObject named && named.getString("field") != null && !named.getString("field").isBlank()) {
                fields.add(named.getString("field"));
            }
        }
        return new Refusal(status, body.getString("title"), body.getString("detail"), List.copyOf(fields));
    }

    /** mailchimp-service's code for what Mailchimp refused (the codes of {@code MemberError} and the failures). */
    public String code() {
        return code(status, title, detail, fields);
    }

    /** The same for an error of a batch-subscribe answer ({@code error}, {@code error_code}, {@code field}). */
    public static String code(int status, String title, String detail, List<String> fields) {
        String name = title == null ? "" : title.toLowerCase(Locale.ROOT);
        String text = detail == null ? "" : detail.toLowerCase(Locale.ROOT);
        if (status == 404 || name.contains("not found")) {
            return NOT_FOUND;
        }
        if (name.contains("compliance") || text.contains("compliance state")) {
            return COMPLIANCE_STATE;
        }
        if (text.contains("signed up to a lot of lists")) {
            return RESUBSCRIBE_LIMIT;
        }
        if (text.contains("merge fields") || fields.stream().anyMatch(field -> field.startsWith("merge_fields"))) {
            return INVALID_MERGE_FIELDS;
        }
        if (fields.contains("email_address") || text.contains("looks fake or invalid") || text.contains("valid email")
                || name.contains("invalid email")) {
            return INVALID_EMAIL;
        }
        if (status == 400 && (name.contains("invalid resource") || !fields.isEmpty())) {
            return INVALID_MEMBER;
        }
        return REFUSED;
    }

    /** One sentence in mailchimp-service's words for {@code code}. */
    public static String sentence(String code) {
        switch (code) {
            case COMPLIANCE_STATE:
                return "Mailchimp keeps this address unsubscribed (it unsubscribed, bounced or is under compliance review):"
                        + " only a double opt-in (status pending) can bring an unsubscribed address back, a cleaned one never.";
            case RESUBSCRIBE_LIMIT:
                return "Mailchimp refuses new sign-ups of this address for now: it signed up to many lists very recently. Try again later.";
            case INVALID_EMAIL:
                return "Mailchimp does not accept this e-mail address as valid.";
            case INVALID_MERGE_FIELDS:
                return "Mailchimp refused the merge fields: a required one is missing or a value does not fit the audience's field.";
            case INVALID_MEMBER:
                return "Mailchimp refused a field of this member.";
            case NOT_FOUND:
                return "Mailchimp has no such member in the audience.";
            default:
                return "Mailchimp refused the write.";
        }
    }
}
