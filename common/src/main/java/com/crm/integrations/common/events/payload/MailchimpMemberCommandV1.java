package com.crm.integrations.common.events.payload;

import java.util.List;
import java.util.Map;

/**
 * {@code crm.integrations.mailchimp.member-command.v1}, on {@code mailchimp.commands}: a CRM service asks
 * mailchimp-service to upsert, tag or unsubscribe one member of a linked audience. The command's id is the CloudEvent's
 * {@code ce_id}: a command sent again with the same id is carried out once. Answered with
 * {@code mailchimp.command-completed.v1} (and {@code subscriber.changed.v2}, source {@code command}, when the member
 * changed) or {@code mailchimp.command-failed.v1}.
 *
 * @param action      what to do
 * @param audienceId  the linked audience; null: the tenant's default audience (its Mailchimp settings)
 * @param email       the member's e-mail address
 * @param status      upsert only: the status to give the member, new or existing; null: a new member gets the tenant's
 *                    default ({@code pending} with double opt-in, else {@code subscribed}) and an existing one keeps its
 *                    own
 * @param mergeFields upsert only: merge fields by tag; null: none
 * @param crmFields   upsert only: CRM fields by name, written to the tags the tenant's field mapping gives them
 * @param interests   upsert only: interest ids, true to add, false to remove
 * @param language    upsert only: the language code
 * @param vip         upsert only: VIP or not
 * @param tags        set_tags (required, 1 to 50) or upsert (optional, applied after it): tags to add or remove
 */
public record MailchimpMemberCommandV1(
        MemberCommandAction action,
        String audienceId,
        String email,
        SubscriberStatus status,
        Map<String, Object> mergeFields,
        Map<String, String> crmFields,
        Map<String, Boolean> interests,
        String language,
        Boolean vip,
        List<MemberTag> tags) {

    /** The most tags one command may change. */
    public static final int MAX_TAGS = 50;

    public MailchimpMemberCommandV1 {
        Checks.required(action, "action");
        Checks.optionalText(audienceId, "audienceId");
        Checks.text(email, "email", MemberInput.EMAIL_MAX_LENGTH);
        mergeFields = mergeFields == null ? Map.of() : mergeFields;
        crmFields = crmFields == null ? Map.of() : crmFields;
        interests = interests == null ? Map.of() : interests;
        Checks.optionalText(language, "language");
        tags = tags == null ? List.of() : List.copyOf(tags);
        if (tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException("tags: at most " + MAX_TAGS + " per command");
        }
        if (action == MemberCommandAction.SET_TAGS && tags.isEmpty()) {
            throw new IllegalArgumentException("tags is required (1 to " + MAX_TAGS + ") for set_tags");
        }
    }

    /** Without the address and the profile's values (personal data): the action, the audience, the fields' names. */
    @Override
    public String toString() {
        return "MailchimpMemberCommandV1[action=" + action + ", audienceId=" + audienceId + ", email=" + PersonalData.hidden(email)
                + ", status=" + status + ", mergeFields=" + PersonalData.hiddenValues(mergeFields) + ", crmFields="
                + PersonalData.hiddenValues(crmFields) + ", interests=" + interests + ", language=" + language + ", vip=" + vip
                + ", tags=" + tags + "]";
    }
}
