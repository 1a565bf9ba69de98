package com.crm.integrations.common.consumer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * The effect of {@link SessionProbeConsumer}: a Panache entity, so that the test proves an entity
 * persisted through Panache, the outbox row and the processed id share one transaction.
 */
@Entity
@Table(name = "probe_note")
public class ProbeNote extends PanacheEntityBase {

    public static final String TABLE = "CREATE TABLE IF NOT EXISTS probe_note (event_id text PRIMARY KEY, tenant_id text NOT NULL, seq int NOT NULL)";

    @Id
    @Column(name = "event_id")
    public String eventId;
    @Column(name = "tenant_id")
    public String tenantId;
    public int seq;
}
