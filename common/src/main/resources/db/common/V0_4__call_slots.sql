-- Calls in flight per key, across replicas (com.crm.integrations.common.slots.CallPermits), shipped by common into
-- every service's schema, like the outbox: a key (a string the service chooses, e.g. a mailbox or a Mailchimp
-- account) has `limit` slots, each held until given back or until its lease lapses (a replica that died mid-call).
-- Until 2026-12-01 calendar-service had its own mailbox_slot (its V1), which its V4 drops.
CREATE TABLE call_slot (
    slot_key    text        NOT NULL,                        -- the caller's key, e.g. calendar-service's <provider>:<account>
    slot        int         NOT NULL,                        -- 0 to limit - 1
    holder      text        NOT NULL,                        -- replica-<uuid>:<uuid>, one per call
    held_until  timestamptz NOT NULL,
    PRIMARY KEY (slot_key, slot)
);
