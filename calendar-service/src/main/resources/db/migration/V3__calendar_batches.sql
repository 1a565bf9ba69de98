-- Batches: one operation of the CRM over many events of one link (docs/calendar-batches.md, ADR 0016). The job is a
-- row; each item is a calendar_command row of the job (so an activity's batch item and its single commands run in
-- order, and the sync holds back what it sees of an activity with an item open, as for any command); progress is rows,
-- announced with pg_notify, so a stream on any replica replays and follows it.
CREATE TABLE calendar_batch (
    id                      uuid        PRIMARY KEY,
    tenant_id               text        NOT NULL,
    batch_key               text        NOT NULL,               -- Idempotency-Key, the Kafka command's id, or a random one
    request_hash            text        NOT NULL,               -- a repeat with the key and another body is refused
    source                  text        NOT NULL,               -- rest | kafka
    link_id                 uuid        REFERENCES calendar_link (id) ON DELETE CASCADE, -- null: a failed command that named none
    owner_user_id           text        NOT NULL,               -- the link's user
    requested_by            text,
    operation               text        NOT NULL,               -- create | update | delete | move
    destination_calendar_id text,                               -- move
    state                   text        NOT NULL,               -- queued | running | completed | completed_with_failures | cancelled | failed
    total                   int         NOT NULL,
    succeeded               int         NOT NULL DEFAULT 0,
    failed                  int         NOT NULL DEFAULT 0,
    cancelled               int         NOT NULL DEFAULT 0,
    progress_seq            bigint      NOT NULL DEFAULT 0,     -- the last progress row's sequence
    cancel_requested_at     timestamptz,
    failure_reason          text,
    created_at              timestamptz NOT NULL,
    started_at              timestamptz,
    finished_at             timestamptz,
    version                 bigint      NOT NULL DEFAULT 0,
    UNIQUE (tenant_id, batch_key)
);

CREATE INDEX calendar_batch_open ON calendar_batch (created_at) WHERE state IN ('queued', 'running');
CREATE INDEX calendar_batch_owner ON calendar_batch (tenant_id, owner_user_id, created_at DESC);
CREATE INDEX calendar_batch_finished ON calendar_batch (finished_at) WHERE finished_at IS NOT NULL;

-- What a job has done so far, one row per recorded step (sequence per job: the SSE event id).
CREATE TABLE calendar_batch_progress (
    batch_id    uuid        NOT NULL REFERENCES calendar_batch (id) ON DELETE CASCADE,
    seq         bigint      NOT NULL,
    state       text        NOT NULL,
    succeeded   int         NOT NULL,
    failed      int         NOT NULL,
    cancelled   int         NOT NULL,
    pending     int         NOT NULL,
    final       boolean     NOT NULL,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (batch_id, seq)
);

-- A job's items are commands: their job and place in it, the provider event an item names when it is no CRM
-- activity's (a delete or move of an event the user made), and whether a failed item may be retried.
ALTER TABLE calendar_command ADD COLUMN batch_id uuid REFERENCES calendar_batch (id) ON DELETE CASCADE;
ALTER TABLE calendar_command ADD COLUMN batch_seq int;
ALTER TABLE calendar_command ADD COLUMN target_event_id text;
ALTER TABLE calendar_command ADD COLUMN retryable boolean NOT NULL DEFAULT false;
ALTER TABLE calendar_command ALTER COLUMN crm_event_id DROP NOT NULL;
ALTER TABLE calendar_command ADD CONSTRAINT calendar_command_target CHECK (crm_event_id IS NOT NULL OR target_event_id IS NOT NULL);
CREATE UNIQUE INDEX calendar_command_batch_item ON calendar_command (batch_id, batch_seq) WHERE batch_id IS NOT NULL;
CREATE INDEX calendar_command_batch_due ON calendar_command (batch_id, seq) WHERE batch_id IS NOT NULL AND state IN ('pending', 'running');
CREATE INDEX calendar_command_batch_failed ON calendar_command (batch_id, batch_seq) WHERE batch_id IS NOT NULL AND state IN ('failed', 'conflict');
-- The single commands' worker leaves a job's items to the batch worker.
DROP INDEX calendar_command_due;
CREATE INDEX calendar_command_due ON calendar_command (next_attempt_at) WHERE state IN ('pending', 'running') AND batch_id IS NULL;
