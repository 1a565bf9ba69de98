package com.crm.integrations.common.events.payload;

import java.time.Instant;
import java.util.List;

import com.crm.integrations.common.retry.FailureCategory;

/**
 * {@code crm.integrations.mailchimp.command-failed.v1}, on {@code integrations.mailchimp-events}: a CRM command (from
 * {@code mailchimp.commands} or the REST API) that mailchimp-service could not carry out and has given up on.
 *
 * @param commandId      the command's id (its {@code ce_id}, or the REST call's {@code Idempotency-Key})
 * @param command        which command type it was
 * @param action         its action
 * @param audienceId     the audience it was for; null when none could be chosen
 * @param subscriberHash member commands: the member's subscriber hash; null otherwise
 * @param campaignId     campaign commands: the campaign, when there was one (a create that failed after creating it
 *                       names it); null otherwise
 * @param category       why: {@code permanent} (the command cannot be carried out as it is), {@code auth} (the
 *                       Mailchimp connection needs reconnecting), {@code transient} / {@code rate_limit} (Mailchimp kept
 *                       failing until mailchimp-service gave up)
 * @param code           mailchimp-service's code: {@code invalid_command}, {@code no_audience}, {@code audience_paused},
 *                       {@code not_found}, {@code compliance_state}, {@code resubscribe_limit}, {@code invalid_email},
 *                       {@code invalid_merge_fields}, {@code invalid_member}, {@code not_ready} (the campaign's send
 *                       checklist), {@code already_sent}, {@code provider_refused}, {@code gave_up}
 * @param providerCode   Mailchimp's error title when it refused; null otherwise
 * @param reason         one short sentence for the CRM's UI, in mailchimp-service's words (at most 500 characters)
 * @param problems       not_ready: the checklist's blocking items, in mailchimp-service's words; otherwise empty
 * @param attempts       how often mailchimp-service tried (0 when it refused the command before any call)
 * @param failedAt       when it gave up
 */
public record MailchimpCommandFailedV1(
        String commandId,
        MailchimpCommandKind command,
        String action,
        String audienceId,
        String subscriberHash,
        String campaignId,
        FailureCategory category,
        String code,
        String providerCode,
        String reason,
        List<String> problems,
        int attempts,
        Instant failedAt) {

    public static final int REASON_MAX_LENGTH = 500;

    public MailchimpCommandFailedV1 {
        Checks.text(commandId, "commandId");
        Checks.required(command, "command");
        Checks.text(action, "action");
        Checks.optionalText(audienceId, "audienceId");
        if (subscriberHash != null) {
            Checks.subscriberHash(subscriberHash, "subscriberHash");
        }
        Checks.optionalText(campaignId, "campaignId");
        Checks.required(category, "category");
        Checks.text(code, "code");
        Checks.optionalText(providerCode, "providerCode");
        Checks.sentence(reason, "reason", REASON_MAX_LENGTH);
        problems = problems == null ? List.of() : List.copyOf(problems);
        problems.forEach(problem -> Checks.sentence(problem, "problems[]", REASON_MAX_LENGTH));
        Checks.count(attempts, "attempts");
        Checks.required(failedAt, "failedAt");
    }
}
