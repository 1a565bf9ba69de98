package com.crm.integrations.mailchimp.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.payload.AudienceChange;
import com.crm.integrations.common.events.payload.AudienceChangedV1;
import com.crm.integrations.common.events.payload.AudienceLinkState;
import com.crm.integrations.common.events.payload.DeliveryCounts;
import com.crm.integrations.common.events.payload.MemberCounts;
import com.crm.integrations.common.outbox.Outbox;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.mailchimp.AudienceLink;
import com.crm.integrations.mailchimp.repository.LinkRows;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/** {@code audience.changed.v1} for the status service: appended in the transaction of the change it reports. */
@ApplicationScoped
public class AudienceEvents {

    private final Outbox outbox;
    private final LinkRows links;

    public AudienceEvents(Outbox outbox, LinkRows links) {
        this.outbox = outbox;
        this.links = links;
    }

    /** The link's change, with its figures read in the same transaction; {@code state} and reason as they are after it. */
    public Uni<Void> append(SqlConnection tx, AudienceLink link, AudienceChange change, AudienceLinkState state,
            String pausedReason, Instant now) {
        Uni<LinkRows.Figures> figures = change == AudienceChange.LINKED
                ? Uni.createFrom().item(new LinkRows.Figures(MemberCounts.NONE, DeliveryCounts.NONE, null))
                : links.figures(tx, link.id());
        return figures.chain(read -> outbox.append(tx, EventType.AUDIENCE_CHANGED, new TenantId(link.tenantId()),
                new AudienceChangedV1(link.audienceId(), link.audienceName(), link.connectionId(), change, state,
                        state == AudienceLinkState.PAUSED ? pausedReason : null, read.members(), read.lastDeliveryAt(),
                        read.deliveries(), now)))
                .replaceWithVoid();
    }
}
