package com.crm.integrations.mailchimp.service;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.crm.integrations.common.consumer.ConsumedEvent;
import com.crm.integrations.common.consumer.EventHandlers;
import com.crm.integrations.common.consumer.IdempotentConsumer;
import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.payload.AudienceChange;
import com.crm.integrations.common.events.payload.AudienceLinkState;
import com.crm.integrations.common.events.payload.ConnectionChangedV2;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.tokens.AccessTokens;
import com.crm.integrations.mailchimp.AudienceLink;
import com.crm.integrations.mailchimp.client.MailchimpAccounts;
import com.crm.integrations.mailchimp.client.MailchimpApi;
import com.crm.integrations.mailchimp.repository.LinkRows;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Keeps audience links in step with their Mailchimp connections ({@code connection.changed.v2}, read idempotently): a
 * connection that is no longer usable pauses its links (calls to Mailchimp stop; the ingress goes on taking webhooks,
 * which need no token), and one that is usable again resumes them (an unfinished import goes on). Every change drops
 * the connection's token and account from memory.
 */
@ApplicationScoped
public class LinkConnections {

    /** The consumer's name: its Kafka group and where it remembers processed events. */
    public static final String CONSUMER = "mailchimp-service.token-events";

    private static final Logger LOG = Logger.getLogger(LinkConnections.class);

    private final IdempotentConsumer consumer;
    private final LinkRows links;
    private final AudienceEvents events;
    private final AccessTokens tokens;
    private final MailchimpAccounts accounts;
    private final AudienceImporter importer;
    private final Clock clock;
    private final EventHandlers handlers;

    public LinkConnections(IdempotentConsumer consumer, LinkRows links, AudienceEvents events, AccessTokens tokens,
            MailchimpAccounts accounts, AudienceImporter importer, Clock clock) {
        this.consumer = consumer;
        this.links = links;
        this.events = events;
        this.tokens = tokens;
        this.accounts = accounts;
        this.importer = importer;
        this.clock = clock;
        this.handlers = EventHandlers.of(CONSUMER)
                .on(EventType.CONNECTION_CHANGED_V2, ConnectionChangedV2.class, this::onConnectionChanged)
                .build();
    }

    @Incoming("token-events")
    public Uni<Void> consume(Message<byte[]> record) {
        return consumer.process(record, handlers).invoke(importer::wake);
    }

    Uni<Void> onConnectionChanged(SqlConnection tx, ConsumedEvent event, ConnectionChangedV2 change) {
        if (!MailchimpApi.PROVIDER.equals(change.provider())) {
            return Uni.createFrom().voidItem();
        }
        tokens.forget(change.connectionId());
        accounts.forget(change.connectionId());
        Instant now = clock.instant();
        return links.byConnectionLocked(tx, change.connectionId()).chain(found -> {
            Uni<Void> done = Uni.createFrom().voidItem();
            for (AudienceLink link : found) {
                done = done.chain(() -> follow(tx, link, change.status(), now));
            }
            return done;
        });
    }

    private Uni<Void> follow(SqlConnection tx, AudienceLink link, ConnectionStatus status, Instant now) {
        boolean paused = link.state() == AudienceLinkState.PAUSED;
        if (status == ConnectionStatus.ACTIVE && paused) {
            AudienceLinkState resumed = link.importState() == AudienceLink.ImportState.DONE ? AudienceLinkState.ACTIVE
                    : AudienceLinkState.LINKING;
            LOG.infof("Audience %s of tenant %s resumed: its connection is active", link.audienceId(), link.tenantId());
            return links.state(tx, link.id(), resumed, null, now)
                    .chain(() -> events.append(tx, link, AudienceChange.RESUMED, resumed, null, now));
        }
        if (status != ConnectionStatus.ACTIVE && !paused) {
            String reason = reasonFor(status);
            LOG.infof("Audience %s of tenant %s paused: its connection is %s", link.audienceId(), link.tenantId(), status.wireName());
            return links.state(tx, link.id(), AudienceLinkState.PAUSED, reason, now)
                    .chain(() -> events.append(tx, link, AudienceChange.PAUSED, AudienceLinkState.PAUSED, reason, now));
        }
        return Uni.createFrom().voidItem();
    }

    static String reasonFor(ConnectionStatus status) {
        return switch (status) {
            case REVOKED -> "the Mailchimp connection was revoked: link the audience through another connection";
            case NEEDS_REAUTH -> "the Mailchimp connection needs to be reconnected";
            case MISCONFIGURED -> "the Mailchimp connection is misconfigured: an operator must act";
            default -> "the Mailchimp connection is not usable (" + status.wireName() + ")";
        };
    }
}
