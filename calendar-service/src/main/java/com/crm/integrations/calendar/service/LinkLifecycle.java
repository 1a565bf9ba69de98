package com.crm.integrations.calendar.service;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import com.crm.integrations.calendar.CalendarLink;
import com.crm.integrations.calendar.repository.CalendarCommandRepository;
import com.crm.integrations.calendar.repository.CalendarLinkRepository;
import com.crm.integrations.calendar.repository.CrmEventRepository;
import com.crm.integrations.calendar.repository.SyncRunRepository;
import com.crm.integrations.calendar.repository.SyncedEventRepository;
import com.crm.integrations.common.consumer.ConsumedEvent;
import com.crm.integrations.common.consumer.EventHandlers;
import com.crm.integrations.common.consumer.IdempotentConsumer;
import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.payload.CalendarProvider;
import com.crm.integrations.common.events.payload.ConnectionChange;
import com.crm.integrations.common.events.payload.ConnectionChangedV2;
import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.events.payload.WireNamed;
import com.crm.integrations.common.tokens.AccessTokens;

import io.smallrye.mutiny.Uni;

/**
 * Keeps calendar links in step with token-service's connections ({@code connection.changed.v2}, read
 * idempotently): a new Google or Microsoft connection gets a link to its primary calendar; a status
 * other than active pauses the link and active resumes it; revoked ends it; a reconnection to the same
 * account resumes where it stopped, one to another account starts over.
 */
@ApplicationScoped
public class LinkLifecycle {

    /** The consumer's name: its Kafka group and where it remembers processed events. */
    public static final String CONSUMER = "calendar-service.token-events";

    private static final Logger LOG = Logger.getLogger(LinkLifecycle.class);

    private final IdempotentConsumer consumer;
    private final CalendarLinkRepository links;
    private final SyncedEventRepository events;
    private final SyncRunRepository runs;
    private final AccessTokens tokens;
    private final Clock clock;
    private final CrmEventRepository crmEvents;
    private final CalendarCommandRepository commands;
    private final CommandWorker commandWorker;
    private final EventHandlers handlers;

    public LinkLifecycle(IdempotentConsumer consumer, CalendarLinkRepository links, SyncedEventRepository events,
            SyncRunRepository runs, CrmEventRepository crmEvents, CalendarCommandRepository commands, CommandWorker commandWorker,
            AccessTokens tokens, Clock clock) {
        this.consumer = consumer;
        this.links = links;
        this.events = events;
        this.runs = runs;
        this.crmEvents = crmEvents;
        this.commands = commands;
        this.commandWorker = commandWorker;
        this.tokens = tokens;
        this.clock = clock;
        this.handlers = EventHandlers.of(CONSUMER)
                .onSession(EventType.CONNECTION_CHANGED_V2, ConnectionChangedV2.class, this::onConnectionChanged)
                .build();
    }

    @Incoming("token-events")
    public Uni<Void> consume(Message<byte[]> record) {
        // A new or resumed link may be what stored commands wait for.
        return consumer.process(record, handlers).invoke(commandWorker::wake);
    }

    Uni<Void> onConnectionChanged(Mutiny.Session session, ConsumedEvent event, ConnectionChangedV2 change) {
        CalendarProvider provider = calendarProviderOf(change);
        if (provider == null) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        // This replica's cached token of the connection is stale after any change (others' caches lapse within 60 s).
        tokens.forget(change.connectionId());
        return links.findByConnection(change.connectionId()).chain(link -> {
            if (link == null) {
                return change.change() == ConnectionChange.REVOKED
                        ? Uni.createFrom().voidItem()
                        : create(session, event, change, provider, now);
            }
            return apply(session, link, change, now);
        });
    }

    private Uni<Void> create(Mutiny.Session session, ConsumedEvent event, ConnectionChangedV2 change, CalendarProvider provider,
            Instant now) {
        CalendarLink link = CalendarLink.forConnection(event.tenant().value(), change.ownerUserId(), change.connectionId(),
                provider, change.accountFingerprint(), now);
        link.connectionIs(change.status(), now);
        LOG.infof("Linked the primary calendar of connection %s (tenant %s, user %s, %s)", change.connectionId(),
                link.tenantId, link.ownerUserId, provider.wireName());
        return links.persist(link)
                .chain(() -> commands.wakeWaitingFor(session, link.tenantId, link.ownerUserId, now))
                .replaceWithVoid();
    }

    private Uni<Void> apply(Mutiny.Session session, CalendarLink link, ConnectionChangedV2 change, Instant now) {
        Uni<Void> startOver = Uni.createFrom().voidItem();
        if (change.change() == ConnectionChange.RECONNECTED && !link.sameAccount(change.accountFingerprint())) {
            LOG.infof("Connection %s reached another account: link %s starts over", change.connectionId(), link.id);
            link.accountFingerprint = change.accountFingerprint();
            link.calendarId = CalendarLink.PRIMARY;
            link.calendarName = null;
            link.startOver(now);
            startOver = runs.supersede(link.id, now).chain(() -> events.forgetAll(link.id))
                    .chain(() -> crmEvents.forgetAll(link.id)).replaceWithVoid();
        }
        ConnectionStatus status = change.change() == ConnectionChange.REVOKED ? ConnectionStatus.REVOKED : change.status();
        boolean wasActive = link.isActive();
        link.connectionIs(status, now);
        if (link.isActive() && !wasActive) {
            startOver = startOver.chain(() -> commands.wakeWaitingOn(session, link.id, now)).replaceWithVoid();
        }
        if (status == ConnectionStatus.REVOKED) {
            // The link is kept for the record; what it held is not the CRM's to keep in step any more.
            startOver = startOver.chain(() -> runs.supersede(link.id, now)).chain(() -> events.forgetAll(link.id))
                    .chain(() -> crmEvents.forgetAll(link.id)).replaceWithVoid();
        }
        return startOver;
    }

    /** The calendar provider of a user's OAuth connection, or null when it is none of ours. */
    private static CalendarProvider calendarProviderOf(ConnectionChangedV2 change) {
        if (change.kind() != ConnectionKind.OAUTH || change.ownerUserId() == null) {
            return null;
        }
        try {
            return WireNamed.fromWireName(CalendarProvider.class, change.provider());
        } catch (IllegalArgumentException notACalendar) {
            return null;
        }
    }
}
