package com.crm.integrations.sandbox.mailchimp.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.crm.integrations.sandbox.mailchimp.Campaign;
import com.crm.integrations.sandbox.mailchimp.CampaignContent;
import com.crm.integrations.sandbox.mailchimp.MemberChange;

/**
 * {@code GET /campaigns/{id}/send-checklist} (PROVIDERS.md §5.3): one item per check, {@code success}, {@code warning} or
 * {@code error}; a campaign with an error is not ready to send or schedule. Checked: recipients (none is a warning), the
 * subject line, the from name, the reply-to address (missing, malformed, or on a domain its account has not verified)
 * and the content. The wording is the stand-in's [unconf: Mailchimp's checklist texts are not in PROVIDERS.md].
 */
final class SendChecklist {

    /** One item: {@code type} {@code success}, {@code warning} or {@code error}. */
    record Item(String type, int id, String heading, String details) {
        boolean blocks() {
            return "error".equals(type);
        }
    }

    private SendChecklist() {
    }

    /** @param recipients the audience's subscribed members; {@code replyToVerified} whether the reply-to address's domain is verified */
    static List<Item> of(Campaign campaign, long recipients, boolean replyToVerified) {
        List<Item> items = new ArrayList<>();
        items.add(recipients == 0 ? new Item("warning", 1, "Recipients", "Your audience has no subscribed contacts.")
                : new Item("success", 1, "Recipients", "Your campaign goes to " + recipients + " subscribed contacts."));
        String subject = campaign.settings().subjectLine();
        items.add(subject.isBlank() ? new Item("error", 2, "Subject line", "You haven't entered a subject line.")
                : new Item("success", 2, "Subject line", subject));
        String fromName = campaign.settings().fromName();
        items.add(fromName.isBlank() ? new Item("error", 3, "From name", "You haven't entered a from name.")
                : new Item("success", 3, "From name", fromName));
        items.add(replyTo(campaign.settings().replyTo(), replyToVerified));
        items.add(hasContent(campaign) ? new Item("success", 5, "Content", "Your campaign has content.")
                : new Item("error", 5, "Content", "Your campaign has no content."));
        return items;
    }

    static boolean ready(List<Item> items) {
        return items.stream().noneMatch(Item::blocks);
    }

    /** The domain of an address, lower-cased; {@code ""} for none. */
    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1).trim().toLowerCase(Locale.ROOT);
    }

    private static Item replyTo(String replyTo, boolean verified) {
        if (replyTo.isBlank()) {
            return new Item("error", 4, "Reply-to address", "You haven't entered a reply-to email address.");
        }
        if (!MemberChange.EMAIL.matcher(replyTo.trim()).matches()) {
            return new Item("error", 4, "Reply-to address", replyTo + " is not a valid email address.");
        }
        if (!verified) {
            return new Item("error", 4, "Reply-to address", "The domain " + domainOf(replyTo) + " of " + replyTo
                    + " is not verified. Verify the domain, or use an address on a verified domain.");
        }
        return new Item("success", 4, "Reply-to address", replyTo);
    }

    private static boolean hasContent(Campaign campaign) {
        CampaignContent content = campaign.content();
        if (content == null) {
            return false;
        }
        String body = "plaintext".equals(campaign.type()) ? content.plainText() : content.html();
        return body != null && !body.isBlank();
    }
}
