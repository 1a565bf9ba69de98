package com.crm.integrations.mailchimp.command;

import java.time.Instant;
import java.util.UUID;

import com.crm.integrations.common.events.payload.MailchimpCommandKind;

import io.vertx.core.json.JsonObject;

/**
 * A CRM command as stored ({@code mailchimp_command}).
 *
 * @param id            our id
 * @param tenantId      the tenant
 * @param commandId     the CRM's id: its {@code ce_id}, or the REST call's {@code Idempotency-Key}
 * @param kind          member, subscribe or campaign
 * @param action        its action's wire name ({@code subscribe} for a subscribe command)
 * @param origin        {@code kafka} or {@code rest}
 * @param source        the sender: {@code ce_source}, or the REST caller's user id
 * @param payload       the command as received (its record's JSON)
 * @param audienceId    the audience it writes to; null when none could be chosen
 * @param linkId        that audience's link
 * @param state         where it stands
 * @param attempts      how often it was tried
 * @param nextAttemptAt when it is tried next (pending)
 * @param giveUpAt      when retrying ends
 * @param progress      the steps done ({@code campaignId}, {@code contentSet}, {@code batchId}, …)
 * @param result        the answer's payload, once finished
 * @param lastError     why the last attempt failed (pending), in our words
 */
public record MailchimpCommand(UUID id, String tenantId, String commandId, MailchimpCommandKind kind, String action, String origin,
        String source, JsonObject payload, String audienceId, UUID linkId, CommandState state, int attempts, Instant nextAttemptAt,
        Instant giveUpAt, JsonObject progress, JsonObject result, String lastError, Instant receivedAt, Instant updatedAt,
        Instant finishedAt) {

    /** Where a command stands. */
    public enum CommandState {
        PENDING, RUNNING, COMPLETED, FAILED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public boolean finished() {
            return this == COMPLETED || this == FAILED;
        }
    }
}
