package com.crm.integrations.status.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.crm.integrations.common.consumer.EventHandlers;
import com.crm.integrations.common.consumer.IdempotentConsumer;
import com.crm.integrations.common.events.Channels;

import io.smallrye.mutiny.Uni;

/**
 * The live projection: token-service's, calendar-service's and mailchimp-service's topics on one channel (group
 * {@value Projection#LIVE_CONSUMER}), a poll at a time, one transaction per poll.
 */
@ApplicationScoped
public class ProjectionConsumer {

    private final IdempotentConsumer consumer;
    private final EventHandlers handlers;

    public ProjectionConsumer(IdempotentConsumer consumer, Projection projection) {
        this.consumer = consumer;
        this.handlers = projection.live();
    }

    @Incoming(Channels.STATUS_EVENTS)
    public Uni<Void> consume(Message<List<byte[]>> poll) {
        return consumer.processBatch(poll, handlers);
    }
}
