-- The transactional outbox (com.crm.integrations.common.outbox.Outbox), shipped by common into the
-- schema of every service that publishes events. common's migrations are numbered 0.x so they never
-- collide with a service's own; Flyway runs with out-of-order on, so a 0.x added after a service's
-- 3 still applies.
CREATE TABLE outbox (
    position   bigserial   PRIMARY KEY,            -- publish order: per tenant, rows go out by position
    id         uuid        NOT NULL UNIQUE,        -- the CloudEvent id
    tenant_id  text        NOT NULL,               -- the Kafka key and the CloudEvent subject
    topic      text        NOT NULL,
    type       text        NOT NULL,               -- the CloudEvent type, e.g. crm.integrations.token.refreshed.v1
    payload    jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at    timestamptz                         -- null while pending
);

CREATE INDEX outbox_pending ON outbox (tenant_id, position) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
