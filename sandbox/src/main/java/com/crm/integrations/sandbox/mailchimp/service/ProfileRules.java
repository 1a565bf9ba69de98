package com.crm.integrations.sandbox.mailchimp.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.crm.integrations.sandbox.mailchimp.Audience;

/**
 * What the API accepts in a member's {@code merge_fields} and {@code interests}, judged against the audience as Mailchimp
 * does (PROVIDERS.md §5.3): a tag the audience does not have, a value that is not a string, number or object (such as
 * {@code ADDRESS}), or a required field left empty → 400 {@code Invalid Resource} "Your merge fields were invalid."
 * with the tags at fault. {@code skip_merge_validation} lets required fields be missing and drops unknown tags [unconf:
 * Mailchimp documents only the first]. An unknown interest id is refused whatever the flag.
 */
final class ProfileRules {

    private ProfileRules() {
    }

    /**
     * @param current the member's fields now, empty for a new member
     * @return the changes to apply
     */
    static Map<String, Object> mergeFields(Audience audience, Map<String, Object> current, Map<String, Object> given, boolean skipValidation) {
        List<MailchimpErrors.FieldError> errors = new ArrayList<>();
        Map<String, Object> accepted = new LinkedHashMap<>();
        given.forEach((tag, value) -> {
            if (!audience.knowsMergeTag(tag)) {
                if (!skipValidation) {
                    errors.add(new MailchimpErrors.FieldError(tag, "This merge field does not exist in the audience."));
                }
            } else if (value != null && !(value instanceof String || value instanceof Number || value instanceof Map)) {
                errors.add(new MailchimpErrors.FieldError(tag, "Please enter a text, a number or, for an address, an object."));
            } else {
                accepted.put(tag, value);
            }
        });
        if (!skipValidation) {
            for (String tag : audience.requiredMergeTags()) {
                Object after = accepted.containsKey(tag) ? accepted.get(tag) : current.get(tag);
                if (after == null || "".equals(after)) {
                    errors.add(new MailchimpErrors.FieldError(tag, "Please enter a value"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw MailchimpErrors.invalidMergeFields(errors);
        }
        return accepted;
    }

    /** @throws com.crm.integrations.sandbox.provider.ProviderRefusal 400 {@code Invalid Resource} for an interest id the audience lacks */
    static void interests(Audience audience, Map<String, Boolean> given) {
        for (String id : given.keySet()) {
            if (audience.interest(id).isEmpty()) {
                throw MailchimpErrors.invalid("Invalid interest ID: '" + id + "'");
            }
        }
    }
}
