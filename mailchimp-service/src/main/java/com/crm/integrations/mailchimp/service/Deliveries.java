package com.crm.integrations.mailchimp.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.problem.ConflictException;
import com.crm.integrations.common.problem.ResourceNotFoundException;
import com.crm.integrations.mailchimp.config.MailchimpConfig;
import com.crm.integrations.mailchimp.inbox.InboxProcessor;
import com.crm.integrations.mailchimp.repository.DeliveryRows;
import com.crm.integrations.mailchimp.webhook.DeliveryStatus;
import com.crm.integrations.mailchimp.webhook.ReceivedPost;

import io.smallrye.mutiny.Uni;

/**
 * The stored deliveries a tenant admin reads, and the replay of those that were not applied: a parked one is tried
 * again from scratch (after whatever kept it from applying was fixed, e.g. the member was imported); a rejected one is
 * read again with today's rules and tried only if it now reads as applicable. Stale ones are never applied: that is
 * the replay protection.
 */
@ApplicationScoped
public class Deliveries {

    private final DeliveryRows rows;
    private final InboxProcessor processor;
    private final Clock clock;
    private final MailchimpConfig.Webhooks config;

    public Deliveries(DeliveryRows rows, InboxProcessor processor, Clock clock, MailchimpConfig config) {
        this.rows = rows;
        this.processor = processor;
        this.clock = clock;
        this.config = config.webhooks();
    }

    public Uni<List<DeliveryRows.StoredDelivery>> list(String tenantId, DeliveryStatus status, String audienceId, long after,
            int limit) {
        return rows.list(tenantId, status == null ? null : status.wireName(), audienceId, after, limit);
    }

    public Uni<DeliveryRows.StoredDelivery> find(String tenantId, long id) {
        return rows.find(tenantId, id).map(found -> found.orElseThrow(() -> new ResourceNotFoundException("No delivery " + id)));
    }

    /** Puts a parked or rejected delivery back to be applied; the delivery as it stands after. */
    public Uni<DeliveryRows.StoredDelivery> replay(String tenantId, long id) {
        Instant now = clock.instant();
        return find(tenantId, id).chain(delivery -> rows.linked(id).chain(linked -> {
            if (!linked) {
                return Uni.createFrom().failure(new ConflictException("Its audience is no longer linked"));
            }
            if (DeliveryStatus.PARKED.wireName().equals(delivery.status())) {
                return rows.replayParked(id, now).invoke(replayed -> conflictUnless(replayed, delivery));
            }
            if (DeliveryStatus.REJECTED.wireName().equals(delivery.status())) {
                ReceivedPost reread = ReceivedPost.read(delivery.raw(), delivery.audienceId(), delivery.receivedAt(),
                        config.replayTolerance(), config.futureTolerance());
                if (reread.status() != DeliveryStatus.PENDING) {
                    return Uni.createFrom().failure(new ConflictException("It still cannot be applied: " + reread.reason()));
                }
                return rows.replayRejected(id, reread, now).invoke(replayed -> conflictUnless(replayed, delivery));
            }
            return Uni.createFrom().failure(new ConflictException("Only parked or rejected deliveries are replayed; this one is "
                    + delivery.status() + (DeliveryStatus.STALE.wireName().equals(delivery.status())
                            ? " (a post fired outside the replay tolerance is never applied)" : "")));
        })).invoke(processor::wake).chain(() -> find(tenantId, id));
    }

    private static void conflictUnless(boolean replayed, DeliveryRows.StoredDelivery delivery) {
        if (!replayed) {
            throw new ConflictException("It changed meanwhile (it was " + delivery.status() + ")");
        }
    }
}
