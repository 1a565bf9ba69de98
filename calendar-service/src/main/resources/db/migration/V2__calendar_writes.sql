-- CRM activities written to linked calendars: the commands, which event each activity has, and what the CRM knows.

-- The version of a stored event the CRM knows: the one we wrote, or the last one we published. While a command for the
-- event is open, the sync stores what it sees but holds it back (etag differs from crm_etag) for the command to settle;
-- a removal seen meanwhile is kept as removed_at_provider until then.
ALTER TABLE synced_event ADD COLUMN crm_etag text;
ALTER TABLE synced_event ADD COLUMN removed_at_provider boolean NOT NULL DEFAULT false;
ALTER TABLE synced_event ADD COLUMN version bigint NOT NULL DEFAULT 0;
UPDATE synced_event SET crm_etag = etag; -- every event stored so far was published
CREATE INDEX synced_event_crm ON synced_event (link_id, crm_event_id) WHERE crm_event_id IS NOT NULL;

-- The provider throttled this mailbox (429, Google's rate-limit 403s) until then: the link's sync and its commands
-- both wait, whichever was throttled (the sync's own backoff after other failures stays in retry_at).
ALTER TABLE calendar_link ADD COLUMN throttled_until timestamptz;

-- A CRM activity's event in a linked calendar. The key is the id we give the provider for this generation of the
-- activity (Google's client-chosen event id, Graph's transactionId): a retried create is recognised by it, and a
-- recreated activity (a create after a delete) gets the next generation, so a new key.
CREATE TABLE crm_event (
    id                uuid        PRIMARY KEY,
    tenant_id         text        NOT NULL,
    crm_event_id      text        NOT NULL,
    link_id           uuid        NOT NULL REFERENCES calendar_link (id) ON DELETE CASCADE,
    generation        int         NOT NULL,
    provider_key      text        NOT NULL,
    provider_event_id text,                                  -- known once the create is done
    deleted           boolean     NOT NULL DEFAULT false,
    version           bigint      NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, crm_event_id)
);

CREATE UNIQUE INDEX crm_event_key ON crm_event (link_id, provider_key);

-- A command of the CRM (calendar.commands or the REST API), stored when it arrives and carried out by a worker.
CREATE TABLE calendar_command (
    id                uuid        PRIMARY KEY,
    seq               bigserial   NOT NULL,                 -- arrival: an activity's commands run in this order
    tenant_id         text        NOT NULL,
    command_id        text        NOT NULL,                 -- the CRM's: ce_id or Idempotency-Key
    source            text        NOT NULL,                 -- kafka | rest
    action            text        NOT NULL,                 -- create | update | delete
    crm_event_id      text        NOT NULL,
    user_id           text        NOT NULL,
    wanted_link_id    uuid,                                 -- the link the command named, if any
    wanted_provider   text,                                 -- the provider the command named, if any
    fields            text,                                 -- the event's fields (JSON), create and update
    link_id           uuid        REFERENCES calendar_link (id) ON DELETE SET NULL,
    state             text        NOT NULL,                 -- pending | running | succeeded | conflict | failed
    attempts          int         NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz NOT NULL,
    give_up_at        timestamptz NOT NULL,
    lease_owner       text,
    lease_until       timestamptz,
    provider_event_id text,
    outcome           text,                                 -- what was done or why not (CommandOutcome)
    failure_category  text,
    failure_code      text,
    provider_code     text,
    failure_reason    text,
    requested_by      text,
    received_at       timestamptz NOT NULL,
    finished_at       timestamptz,
    version           bigint      NOT NULL DEFAULT 0,
    UNIQUE (tenant_id, command_id)
);

CREATE INDEX calendar_command_due ON calendar_command (next_attempt_at) WHERE state IN ('pending', 'running');
CREATE INDEX calendar_command_activity ON calendar_command (tenant_id, crm_event_id, seq) WHERE state IN ('pending', 'running');
CREATE INDEX calendar_command_link_open ON calendar_command (link_id, crm_event_id) WHERE state IN ('pending', 'running');
CREATE INDEX calendar_command_waiting ON calendar_command (tenant_id, user_id) WHERE state = 'pending' AND link_id IS NULL;
CREATE INDEX calendar_command_finished ON calendar_command (finished_at) WHERE finished_at IS NOT NULL;
