package com.crm.integrations.common.events.payload;

import java.util.Map;

/**
 * One member of a {@code mailchimp.subscribe-command.v1}: the address and the profile to give it.
 *
 * @param email       the e-mail address (Mailchimp's key for the member: its MD5, lower-cased and trimmed)
 * @param status      the status to give it, new or existing; null: the tenant's default ({@code pending} with double
 *                    opt-in, else {@code subscribed})
 * @param mergeFields Mailchimp merge fields by tag ({@code FNAME}, {@code ADDRESS} as an object, …); null: none
 * @param crmFields   CRM fields by name, written to the merge tags the tenant's field mapping gives them; null: none
 * @param interests   interest (group) ids, true to add and false to remove; null: none
 * @param language    the member's language code; null: unchanged
 * @param vip         whether the member is a VIP; null: unchanged
 */
public record MemberInput(
        String email,
        SubscriberStatus status,
        Map<String, Object> mergeFields,
        Map<String, String> crmFields,
        Map<String, Boolean> interests,
        String language,
        Boolean vip) {

    /** The longest address, in characters (RFC 5321's path limit less the brackets). */
    public static final int EMAIL_MAX_LENGTH = 254;

    public MemberInput {
        Checks.text(email, "email", EMAIL_MAX_LENGTH);
        mergeFields = mergeFields == null ? Map.of() : mergeFields;
        crmFields = crmFields == null ? Map.of() : crmFields;
        interests = interests == null ? Map.of() : interests;
        Checks.optionalText(language, "language");
    }

    /** Without the address and the profile's values (personal data). */
    @Override
    public String toString() {
        return "MemberInput[email=" + PersonalData.hidden(email) + ", status=" + status + ", mergeFields="
                + PersonalData.hiddenValues(mergeFields) + ", crmFields=" + PersonalData.hiddenValues(crmFields) + ", interests="
                + interests + ", language=" + language + ", vip=" + vip + "]";
    }
}
