package com.crm.integrations.mailchimp;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import com.crm.integrations.common.events.payload.AudienceLinkState;

/**
 * A Mailchimp audience a tenant admin linked, as stored.
 *
 * @param state        linking (webhook registered, members being imported), active, or paused (calls to Mailchimp
 *                     stopped: the connection's credentials were refused or it needs re-authentication)
 * @param hookId       the public id in our webhook URL
 * @param webhookId    Mailchimp's id of the webhook; {@code null} until registered
 * @param importState  pending, running, done or failed
 * @param importOffset members imported so far
 * @param importTotal  the audience's size Mailchimp reported; {@code null} before the first page
 */
public record AudienceLink(UUID id, String tenantId, String audienceId, String audienceName, String connectionId,
        AudienceLinkState state, String pausedReason, String hookId, String webhookId, ImportState importState,
        int importOffset, Integer importTotal, String importError, String linkedBy, Instant linkedAt, Instant updatedAt) {

    /** Where the members import stands. */
    public enum ImportState {
        PENDING, RUNNING, DONE, FAILED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
