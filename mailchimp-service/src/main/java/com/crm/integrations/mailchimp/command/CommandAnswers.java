package com.crm.integrations.mailchimp.command;

import java.time.Instant;
import java.util.List;

import com.crm.integrations.common.events.payload.MailchimpCommandFailedV1;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.mailchimp.webhook.SubscriberHash;

/** The failure codes of {@code mailchimp.command-failed.v1} (beyond the member refusals' codes), and its payload. */
final class CommandAnswers {

    /** The command breaks a rule its record cannot state. */
    static final String INVALID_COMMAND = "invalid_command";
    /** It names no audience the tenant linked (and the tenant set no default one). */
    static final String NO_AUDIENCE = "no_audience";
    /** The audience's link stayed paused (its connection needs reconnecting) until the command's time was up. */
    static final String AUDIENCE_PAUSED = "audience_paused";
    /** No campaign of that id for this tenant, or Mailchimp has it no more. */
    static final String NOT_FOUND = "not_found";
    /** Mailchimp's send checklist names what stops the campaign. */
    static final String NOT_READY = "not_ready";
    /** The campaign was sent already. */
    static final String ALREADY_SENT = "already_sent";
    /** Mailchimp refused the write for good (a 4xx mailchimp-service has no better code for). */
    static final String PROVIDER_REFUSED = "provider_refused";
    /** Mailchimp kept failing (or throttling) until the command's time was up. */
    static final String GAVE_UP = "gave_up";

    private CommandAnswers() {
    }

    static MailchimpCommandFailedV1 failed(MailchimpCommand command, String campaignId, FailureCategory category, String code,
            String providerCode, String reason, List<String> problems, int attempts, Instant now) {
        return new MailchimpCommandFailedV1(command.commandId(), command.kind(), command.action(), command.audienceId(),
                subscriberHash(command), campaignId, category, code, providerCode, sentence(reason), problems, attempts, now);
    }

    /** The member's hash of a member command, else null. */
    static String subscriberHash(MailchimpCommand command) {
        String email = command.payload().getString("email");
        return command.kind() == com.crm.integrations.common.events.payload.MailchimpCommandKind.MEMBER && email != null
                ? SubscriberHash.of(email) : null;
    }

    /** {@code text} as one line of at most {@link MailchimpCommandFailedV1#REASON_MAX_LENGTH} characters. */
    static String sentence(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        int max = MailchimpCommandFailedV1.REASON_MAX_LENGTH;
        if (line.codePointCount(0, line.length()) <= max) {
            return line;
        }
        return line.substring(0, line.offsetByCodePoints(0, max - 1)) + "…";
    }
}
