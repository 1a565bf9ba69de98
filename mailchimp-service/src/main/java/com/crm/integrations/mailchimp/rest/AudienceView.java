package com.crm.integrations.mailchimp.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.crm.integrations.common.events.payload.DeliveryCounts;
import com.crm.integrations.common.events.payload.MemberCounts;
import com.crm.integrations.mailchimp.AudienceLink;
import com.crm.integrations.mailchimp.repository.LinkRows;

/** A linked audience, its members by status and its webhook's health. */
@Schema(name = "Audience")
public record AudienceView(
        @Schema(description = "Mailchimp's audience (list) id") String audienceId,
        @Schema(description = "Its name in Mailchimp", nullable = true) String name,
        @Schema(description = "The token-service connection calls go through") String connectionId,
        @Schema(description = "linking (webhook registered, members importing), active, or paused (calls to Mailchimp stopped)",
                enumeration = { "linking", "active", "paused" }) String state,
        @Schema(description = "Why it is paused and what to do", nullable = true) String pausedReason,
        @Schema(description = "The import of the audience's members when it was linked") ImportView membersImport,
        @Schema(description = "Members in the projection, by status") MemberCounts members,
        @Schema(description = "The webhook: registered at Mailchimp, last post received, posts stored by outcome") WebhookView webhook,
        @Schema(description = "Who linked it") String linkedBy,
        Instant linkedAt,
        Instant updatedAt) {

    /** The members import. */
    @Schema(name = "AudienceImport")
    public record ImportView(
            @Schema(enumeration = { "pending", "running", "done", "failed" }) String state,
            @Schema(description = "Members read so far") int imported,
            @Schema(description = "The audience's size as Mailchimp reported it", nullable = true) Integer total,
            @Schema(description = "Why the last page failed", nullable = true) String error) {
    }

    /** The webhook's health. */
    @Schema(name = "AudienceWebhook")
    public record WebhookView(
            @Schema(description = "Whether Mailchimp holds our webhook") boolean registered,
            @Schema(description = "When the last post was received", nullable = true) Instant lastDeliveryAt,
            @Schema(description = "Posts stored since the link and kept (settled ones are pruned after the retention, 30 days): received in all, rejected (malformed), parked (failed to apply), "
                    + "stale (fired_at outside the replay tolerance)") DeliveryCounts deliveries) {
    }

    static AudienceView of(AudienceLink link, LinkRows.Figures figures) {
        return new AudienceView(link.audienceId(), link.audienceName(), link.connectionId(), link.state().wireName(),
                link.pausedReason(), new ImportView(link.importState().wireName(), link.importOffset(), link.importTotal(),
                        link.importError()),
                figures.members(), new WebhookView(link.webhookId() != null, figures.lastDeliveryAt(), figures.deliveries()),
                link.linkedBy(), link.linkedAt(), link.updatedAt());
    }
}
