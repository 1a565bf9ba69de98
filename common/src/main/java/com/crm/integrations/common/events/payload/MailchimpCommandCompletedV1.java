package com.crm.integrations.common.events.payload;

import java.time.Instant;
import java.util.List;

/**
 * {@code crm.integrations.mailchimp.command-completed.v1}, on {@code integrations.mailchimp-events}: a CRM command (from
 * {@code mailchimp.commands} or the REST API) mailchimp-service carried out. Every command ends with exactly one of this
 * and {@code mailchimp.command-failed.v1}.
 *
 * @param commandId      the command's id (the {@code ce_id} it came with, or the REST call's {@code Idempotency-Key})
 * @param command        which command type it was
 * @param action         its action ({@code upsert}, {@code set_tags}, {@code unsubscribe}, {@code subscribe},
 *                       {@code create}, {@code set_content}, {@code send}, {@code schedule}, {@code unschedule})
 * @param audienceId     the audience it wrote to
 * @param subscriberHash member commands: the member's subscriber hash; null otherwise
 * @param memberStatus   member commands: the member's status in Mailchimp afterwards (an upsert without a status leaves
 *                       an unsubscribed member unsubscribed); null otherwise
 * @param campaignId     campaign commands: the campaign (for a create, the one it created); null otherwise
 * @param campaignStatus campaign commands: the campaign's status in Mailchimp afterwards; null otherwise
 * @param counts         subscribe commands: created, updated, failed; null otherwise
 * @param errors         subscribe commands: the refused members, the first {@value #MAX_ERRORS} (the REST API lists all)
 * @param errorsOmitted  refused members beyond those listed
 * @param completedAt    when it was done
 */
public record MailchimpCommandCompletedV1(
        String commandId,
        MailchimpCommandKind command,
        String action,
        String audienceId,
        String subscriberHash,
        SubscriberStatus memberStatus,
        String campaignId,
        CampaignStatus campaignStatus,
        SubscribeCounts counts,
        List<MemberError> errors,
        int errorsOmitted,
        Instant completedAt) {

    /** The most refused members one event lists. */
    public static final int MAX_ERRORS = 100;

    public MailchimpCommandCompletedV1 {
        Checks.text(commandId, "commandId");
        Checks.required(command, "command");
        Checks.text(action, "action");
        Checks.text(audienceId, "audienceId");
        if (subscriberHash != null) {
            Checks.subscriberHash(subscriberHash, "subscriberHash");
        }
        errors = errors == null ? List.of() : List.copyOf(errors);
        if (errors.size() > MAX_ERRORS) {
            throw new IllegalArgumentException("errors: at most " + MAX_ERRORS);
        }
        Checks.count(errorsOmitted, "errorsOmitted");
        if ((command == MailchimpCommandKind.SUBSCRIBE) != (counts != null)) {
            throw new IllegalArgumentException("counts are given exactly for a subscribe command");
        }
        Checks.optionalText(campaignId, "campaignId");
        if ((command == MailchimpCommandKind.CAMPAIGN) != (campaignId != null)) {
            throw new IllegalArgumentException("campaignId is given exactly for a campaign command");
        }
        Checks.required(completedAt, "completedAt");
    }
}
