-- The relay reads the oldest pending rows by position (OutboxRelay.CLAIM_TENANTS); sent rows stay
-- until pruned, so this index covers pending rows only.
CREATE INDEX outbox_unsent ON outbox (position) WHERE sent_at IS NULL;

-- Idempotent consumers (com.crm.integrations.common.consumer): the CloudEvent ids a consumer has
-- applied, written in the transaction of the effect, so a redelivered event changes nothing.
CREATE TABLE processed_event (
    consumer     text        NOT NULL,          -- the consumer (its Kafka consumer group)
    event_id     text        NOT NULL,          -- the CloudEvent id
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

CREATE INDEX processed_event_age ON processed_event (processed_at);
