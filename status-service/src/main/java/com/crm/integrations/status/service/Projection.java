package com.crm.integrations.status.service;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.consumer.ConsumedEvent;
import com.crm.integrations.common.consumer.EventHandlers;
import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.payload.AudienceChangedV1;
import com.crm.integrations.common.events.payload.CalendarSyncFailedV2;
import com.crm.integrations.common.events.payload.CalendarSyncedV2;
import com.crm.integrations.common.events.payload.ConnectionChangedV2;
import com.crm.integrations.common.events.payload.ConnectionCheckedV1;
import com.crm.integrations.common.events.payload.ConnectionPolicyChangedV1;
import com.crm.integrations.common.events.payload.TokenRefreshFailedV1;
import com.crm.integrations.common.events.payload.TokenRefreshedV1;
import com.crm.integrations.status.repository.ProjectionRows;

/**
 * What each event the projection reads does to it (docs/status.md, "How each event moves a card"). The same handlers
 * serve the live consumer, which writes every generation being read or built, and a rebuild, which writes its own.
 * Every other type on the three topics is skipped ({@code connection.changed.v1}: v2 says the same and more).
 */
@ApplicationScoped
public class Projection {

    /** The live consumer: its Kafka consumer group and the name it remembers processed events under. */
    public static final String LIVE_CONSUMER = "status-service.projection";

    private final ProjectionRows rows;

    public Projection(ProjectionRows rows) {
        this.rows = rows;
    }

    /** The live consumer's handlers: every generation being read or built. */
    public EventHandlers live() {
        return handlers(LIVE_CONSUMER, null);
    }

    /**
     * A rebuild's handlers: generation {@code generation} only, remembering processed events as {@code consumer} (a
     * name of its own, so the ids the live consumer already processed are applied again).
     */
    public EventHandlers rebuild(String consumer, int generation) {
        return handlers(consumer, generation);
    }

    private EventHandlers handlers(String consumer, Integer generation) {
        return EventHandlers.of(consumer)
                .on(EventType.CONNECTION_CHANGED_V2, ConnectionChangedV2.class,
                        (tx, event, fact) -> rows.connectionChanged(tx, generation, tenant(event), event.id(), fact))
                .on(EventType.TOKEN_REFRESHED, TokenRefreshedV1.class,
                        (tx, event, fact) -> rows.refreshed(tx, generation, tenant(event), event.id(), fact))
                .on(EventType.TOKEN_REFRESH_FAILED, TokenRefreshFailedV1.class,
                        (tx, event, fact) -> rows.refreshFailed(tx, generation, tenant(event), event.id(), fact)
                                .chain(() -> rows.statusAfterFailure(tx, generation, tenant(event), event.id(), fact)))
                .on(EventType.CONNECTION_CHECKED, ConnectionCheckedV1.class,
                        (tx, event, fact) -> rows.checked(tx, generation, tenant(event), event.id(), fact))
                .on(EventType.CONNECTION_POLICY_CHANGED, ConnectionPolicyChangedV1.class,
                        (tx, event, fact) -> rows.policyChanged(tx, generation, tenant(event), fact))
                .on(EventType.CALENDAR_SYNCED_V2, CalendarSyncedV2.class,
                        (tx, event, fact) -> rows.synced(tx, generation, tenant(event), event.id(), fact))
                .on(EventType.CALENDAR_SYNC_FAILED_V2, CalendarSyncFailedV2.class,
                        (tx, event, fact) -> rows.syncFailed(tx, generation, tenant(event), event.id(), fact))
                .on(EventType.AUDIENCE_CHANGED, AudienceChangedV1.class,
                        (tx, event, fact) -> rows.audienceChanged(tx, generation, tenant(event), event.id(), fact))
                .build();
    }

    private static String tenant(ConsumedEvent event) {
        return event.tenant().value();
    }
}
