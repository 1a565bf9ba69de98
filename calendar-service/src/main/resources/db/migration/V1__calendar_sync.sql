-- calendar-service's own tables (common's outbox, processed events and tenant settings come from db/common).

-- A user's calendar at Google or Microsoft, kept in step with the CRM: one per token-service connection.
CREATE TABLE calendar_link (
    id                    uuid        PRIMARY KEY,
    tenant_id             text        NOT NULL,
    owner_user_id         text        NOT NULL,
    connection_id         text        NOT NULL UNIQUE,
    provider              text        NOT NULL,              -- google | microsoft
    account_fingerprint   text,                              -- connection.changed.v2's; null: unknown
    calendar_id           text        NOT NULL DEFAULT 'primary',
    calendar_name         text,
    state                 text        NOT NULL,              -- active | paused | disabled | ended
    user_paused           boolean     NOT NULL DEFAULT false,
    state_reason          text,                              -- why it is not active (LinkStateReason)
    connection_status     text        NOT NULL,              -- the connection's status as last announced
    sync_cursor           text,                              -- Google nextSyncToken / Graph deltaLink; null: a full listing is due
    baseline_from         timestamptz,                       -- the window of the last complete full listing
    baseline_until        timestamptz,
    baselined_at          timestamptz,
    next_sync_at          timestamptz NOT NULL,
    retry_at              timestamptz,                       -- not before (Retry-After, backoff)
    lease_owner           text,
    lease_until           timestamptz,
    last_success_at       timestamptz,
    last_failure_at       timestamptz,
    last_failure_category text,
    last_failure_code     text,
    last_failure_reason   text,
    required_action       text,
    consecutive_failures  int         NOT NULL DEFAULT 0,
    total_events          int         NOT NULL DEFAULT 0,
    upcoming_events       int         NOT NULL DEFAULT 0,
    version               bigint      NOT NULL DEFAULT 0,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX calendar_link_tenant ON calendar_link (tenant_id, owner_user_id);
-- The scheduler's claim: active links whose turn came.
CREATE INDEX calendar_link_due ON calendar_link (next_sync_at) WHERE state = 'active';

-- An event of a linked calendar as last seen at the provider (one row per occurrence of a series).
CREATE TABLE synced_event (
    id                  uuid        PRIMARY KEY,
    link_id             uuid        NOT NULL REFERENCES calendar_link (id) ON DELETE CASCADE,
    tenant_id           text        NOT NULL,
    provider_event_id   text        NOT NULL,
    ical_uid            text,
    etag                text,                                -- Google etag / Graph changeKey
    title               text,
    status              text        NOT NULL,                -- confirmed | tentative
    all_day             boolean     NOT NULL,
    starts_at           timestamptz NOT NULL,
    ends_at             timestamptz NOT NULL,
    start_date          date,                                -- all-day events: the dates, end exclusive
    end_date            date,
    time_zone           text,
    series_id           text,
    original_start      timestamptz,
    crm_event_id        text,
    provider_updated_at timestamptz,
    seen_run            uuid,                                -- the last full listing that returned it
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (link_id, provider_event_id)
);

-- Occurrences are keyed by series and original start too: cancelling one must never remove another.
CREATE UNIQUE INDEX synced_event_occurrence ON synced_event (link_id, series_id, original_start) WHERE series_id IS NOT NULL;
CREATE INDEX synced_event_times ON synced_event (link_id, ends_at);

-- One listing of a link's calendar (full or incremental), stored page by page so that a restart resumes it.
CREATE TABLE sync_run (
    id               uuid        PRIMARY KEY,
    link_id          uuid        NOT NULL REFERENCES calendar_link (id) ON DELETE CASCADE,
    tenant_id        text        NOT NULL,
    kind             text        NOT NULL,                  -- full | incremental
    reason           text        NOT NULL,                  -- first | scheduled | requested | resync | rebaseline | window_changed | account_changed
    state            text        NOT NULL,                  -- running | succeeded | failed | halted
    window_from      timestamptz NOT NULL,
    window_until     timestamptz NOT NULL,
    page_cursor      text,                                  -- Google pageToken / Graph nextLink of the next page
    pages            int         NOT NULL DEFAULT 0,
    created          int         NOT NULL DEFAULT 0,
    updated          int         NOT NULL DEFAULT 0,
    deleted          int         NOT NULL DEFAULT 0,
    allow_mass_delete boolean    NOT NULL DEFAULT false,
    failure_category text,
    failure_code     text,
    failure_reason   text,
    requested_by     text,
    started_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz
);

CREATE UNIQUE INDEX sync_run_one_running ON sync_run (link_id) WHERE state = 'running';
CREATE INDEX sync_run_link ON sync_run (link_id, started_at DESC);

-- Calls in flight per provider mailbox, across replicas: a mailbox has `limit` slots, each held until released
-- or until its lease lapses (a replica that died mid-call).
CREATE TABLE mailbox_slot (
    mailbox     text        NOT NULL,                        -- <provider>:<account fingerprint or connection id>
    slot        int         NOT NULL,
    holder      text        NOT NULL,
    held_until  timestamptz NOT NULL,
    PRIMARY KEY (mailbox, slot)
);
