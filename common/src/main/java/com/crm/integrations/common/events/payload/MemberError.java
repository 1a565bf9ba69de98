package com.crm.integrations.common.events.payload;

/**
 * One member Mailchimp (or mailchimp-service) refused, while the command's other members were written.
 *
 * @param email  the address as the command gave it
 * @param code   mailchimp-service's code: {@code compliance_state} (unsubscribed, cleaned or under compliance review:
 *               only a double opt-in, status {@code pending}, can bring an unsubscribed address back),
 *               {@code resubscribe_limit} (signed up to many lists very recently: try again later),
 *               {@code invalid_email}, {@code invalid_merge_fields}, {@code invalid_member} (another field),
 *               {@code duplicate} (the address came twice in the command), {@code refused} (anything else Mailchimp
 *               refused)
 * @param field  the field Mailchimp named, when it named one; null otherwise
 * @param reason one short sentence in mailchimp-service's words (at most 300 characters)
 */
public record MemberError(String email, String code, String field, String reason) {

    public static final int REASON_MAX_LENGTH = 300;

    public MemberError {
        Checks.text(email, "email");
        Checks.text(code, "code");
        Checks.optionalText(field, "field");
        Checks.sentence(reason, "reason", REASON_MAX_LENGTH);
    }

    /** Without the address (personal data). */
    @Override
    public String toString() {
        return "MemberError[email=" + PersonalData.hidden(email) + ", code=" + code + ", field=" + field + ", reason=" + reason + "]";
    }
}
