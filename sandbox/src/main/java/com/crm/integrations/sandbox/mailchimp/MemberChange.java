package com.crm.integrations.sandbox.mailchimp;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.crm.integrations.sandbox.error.InvalidRequestException;

/**
 * A change to one member of an audience, whoever makes it ({@link Source}): the control API acting as subscriber or
 * admin, and the API's member writes ({@link Upsert}, {@link Tags}). {@code MemberChanges.apply} applies each and posts
 * what it fires. Each checks its own fields; whether it fits the member's state is the audience's business. The control
 * API's changes name the member by address; the API's by subscriber hash.
 */
public sealed interface MemberChange {

    /** Roughly an e-mail address: something, {@code @}, a domain with a dot; no spaces. */
    Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /**
     * Subscribes a new address, or re-subscribes a member who left or bounced: fires {@code subscribe}.
     *
     * @param mergeFields by merge tag; {@code interests} by interest id (either may be empty)
     * @param ip the sign-up / opt-in address, {@code null} for none; {@code emailType} {@code html} or {@code text}, or {@code null}
     */
    record Subscribe(String email, Map<String, Object> mergeFields, Map<String, Boolean> interests, String ip, String emailType)
            implements MemberChange {
        public Subscribe {
            email = address("email", email);
            mergeFields = mergeFields == null ? Map.of() : mergeFields;
            interests = interests == null ? Map.of() : interests;
            oneOf("emailType", emailType, Set.of("html", "text"), true);
        }
    }

    /**
     * Unsubscribes a subscribed member ({@code action} {@code unsub}) or deletes the member ({@code delete}): fires
     * {@code unsubscribe}.
     *
     * @param reason {@code manual} or {@code abuse}; {@code campaignId} the campaign whose link was used, or empty
     */
    record Unsubscribe(String email, UnsubscribeAction action, String reason, String campaignId) implements MemberChange {
        public Unsubscribe {
            email = address("email", email);
            action = action == null ? UnsubscribeAction.UNSUB : action;
            reason = reason == null ? "manual" : reason;
            oneOf("reason", reason, Set.of("manual", "abuse"), false);
            campaignId = campaignId == null ? "" : campaignId;
        }
    }

    /** Changes merge fields or interest groups: fires {@code profile}. */
    record ProfileUpdate(String email, Map<String, Object> mergeFields, Map<String, Boolean> interests) implements MemberChange {
        public ProfileUpdate {
            email = address("email", email);
            mergeFields = mergeFields == null ? Map.of() : mergeFields;
            interests = interests == null ? Map.of() : interests;
        }
    }

    /** A new address: fires {@code upemail}, then {@code profile} for the member at the new address. */
    record EmailChange(String email, String newEmail) implements MemberChange {
        public EmailChange {
            email = address("email", email);
            newEmail = address("newEmail", newEmail);
        }
    }

    /**
     * The address bounced ({@code reason} {@code hard}) or was reported ({@code abuse}): fires {@code cleaned}.
     *
     * @param campaignId the campaign that bounced, or empty
     */
    record Clean(String email, String reason, String campaignId) implements MemberChange {
        public Clean {
            email = address("email", email);
            reason = reason == null ? "hard" : reason;
            oneOf("reason", reason, Set.of("hard", "abuse"), false);
            campaignId = campaignId == null ? "" : campaignId;
        }
    }

    /**
     * An API write of one member (PROVIDERS.md §5.3): {@code PUT /lists/{list_id}/members/{subscriber_hash}},
     * {@code POST /lists/{list_id}/members}, or one member of a batch subscribe. Creates the member, or applies
     * {@code status} and the profile to the one there ({@link Write}), within Mailchimp's compliance rules and re-subscribe
     * limit. Fires what the status change or profile change means.
     *
     * @param subscriberHash the member's hash, as the URL names it (checked against the input's address, if any)
     * @param skipMergeValidation {@code ?skip_merge_validation=true}: required merge fields may be missing, unknown ones are dropped
     */
    record Upsert(String subscriberHash, MemberInput input, boolean skipMergeValidation, Write write) implements MemberChange {
    }

    /** Which API write an {@link Upsert} is: how a new member gets its status, and whether an existing one may change. */
    enum Write {
        /** {@code PUT}: a new member takes {@code status_if_new}; an existing one is updated. */
        UPSERT("status_if_new"),
        /** {@code POST …/members}, or batch subscribe without {@code update_existing}: a new member takes {@code status}; an existing one is refused. */
        CREATE("status"),
        /** Batch subscribe with {@code update_existing}: a new member takes {@code status_if_new}, else {@code status}; an existing one is updated. */
        CREATE_OR_UPDATE("status");

        private final String newStatusField;

        Write(String newStatusField) {
            this.newStatusField = newStatusField;
        }

        /** The field that must give a new member its status. */
        public String newStatusField() {
            return newStatusField;
        }

        /** A new member's status from the input, {@code null} when the input gives none. */
        public MemberStatus newStatus(MemberInput input) {
            return this == UPSERT || input.statusIfNew() != null ? input.statusIfNew() : input.status();
        }
    }

    /** The API's {@code POST …/members/{subscriber_hash}/tags}: each tag made active (added) or inactive (removed); fires nothing. */
    record Tags(String subscriberHash, List<TagChange> tags) implements MemberChange {
        public Tags {
            tags = List.copyOf(tags);
        }
    }

    /** One tag of a {@link Tags} change. */
    record TagChange(String name, boolean active) {
    }

    /** {@code data[action]} of an unsubscribe. */
    enum UnsubscribeAction {
        UNSUB("unsub"),
        DELETE("delete");

        private final String wireName;

        UnsubscribeAction(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** @throws InvalidRequestException for anything but {@code unsub} and {@code delete} */
        public static UnsubscribeAction ofWireName(String name) {
            for (UnsubscribeAction action : values()) {
                if (action.wireName.equals(name)) {
                    return action;
                }
            }
            throw new InvalidRequestException("action must be unsub or delete");
        }
    }

    /** The address trimmed; @throws InvalidRequestException when it is not one. */
    static String address(String field, String value) {
        if (value == null || !EMAIL.matcher(value.trim()).matches()) {
            throw new InvalidRequestException(field + " must be an e-mail address");
        }
        return value.trim();
    }

    private static void oneOf(String field, String value, Set<String> allowed, boolean optional) {
        if ((value != null || !optional) && !allowed.contains(value)) {
            throw new InvalidRequestException(field + " must be one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
    }
}
