package com.crm.integrations.sandbox.mailchimp.rest;

import java.util.Map;

import com.crm.integrations.sandbox.mailchimp.MemberChange;

/**
 * The bodies of the control API's member actions, {@code POST /control/mailchimp/lists/{listId}/<action>}. Each names
 * who acts ({@code source}: {@code user}, {@code admin} or {@code api}) and the member by address, and turns into its
 * {@link MemberChange}, which checks its own fields.
 */
public final class MemberActionRequests {

    private MemberActionRequests() {
    }

    /** {@code subscribe}: a new address, or a member who left or bounced, joins. */
    public record Subscribe(String source, String email, Map<String, Object> mergeFields, Map<String, Boolean> interests, String ip,
            String emailType) {
        MemberChange toChange() {
            return new MemberChange.Subscribe(email, mergeFields, interests, ip, emailType);
        }
    }

    /** {@code unsubscribe}: {@code action} {@code unsub} (default) or {@code delete}, {@code reason} {@code manual} (default) or {@code abuse}. */
    public record Unsubscribe(String source, String email, String action, String reason, String campaignId) {
        MemberChange toChange() {
            return new MemberChange.Unsubscribe(email, action == null ? null : MemberChange.UnsubscribeAction.ofWireName(action), reason,
                    campaignId);
        }
    }

    /** {@code profile}: merge fields ({@code ""} or {@code null} clears one) and interest groups. */
    public record Profile(String source, String email, Map<String, Object> mergeFields, Map<String, Boolean> interests) {
        MemberChange toChange() {
            return new MemberChange.ProfileUpdate(email, mergeFields, interests);
        }
    }

    /** {@code change-email}: {@code upemail}, then {@code profile} at the new address. */
    public record EmailChange(String source, String email, String newEmail) {
        MemberChange toChange() {
            return new MemberChange.EmailChange(email, newEmail);
        }
    }

    /** {@code clean}: {@code reason} {@code hard} (default) or {@code abuse}. */
    public record Clean(String source, String email, String reason, String campaignId) {
        MemberChange toChange() {
            return new MemberChange.Clean(email, reason, campaignId);
        }
    }

    /** {@code campaigns}: a campaign was {@code sent} or its sending {@code canceled}; {@code id} is made when absent. */
    public record Campaign(String source, String id, String subject, String status) {
    }
}
