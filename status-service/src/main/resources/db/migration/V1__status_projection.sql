-- status-service's projection of the siblings' events (docs/status.md). Every row belongs to a generation:
-- reads go to the live one; a rebuild (POST /admin/status/rebuilds) fills a new one from the topics, then
-- switches reads to it. Each group of facts keeps the time of the fact it came from and that fact's event id
-- (<group>_at, <group>_event): a fact older than the one held, by (time, event id), changes nothing, so events
-- applied in any order, or twice, leave the same state.

CREATE TABLE projection_generation (
    generation   int         PRIMARY KEY,
    state        text        NOT NULL CHECK (state IN ('building', 'live', 'retired', 'failed')),
    started_at   timestamptz NOT NULL DEFAULT now(),
    requested_by text        NOT NULL,
    -- A rebuild's progress: the replica replaying it holds the lease; where the topics ended when it began.
    lease_owner  text,
    lease_until  timestamptz,
    end_offsets  jsonb,
    replayed     bigint      NOT NULL DEFAULT 0,
    switched_at  timestamptz,
    retired_at   timestamptz,
    detail       text
);
CREATE UNIQUE INDEX projection_generation_one_live ON projection_generation ((true)) WHERE state = 'live';
CREATE UNIQUE INDEX projection_generation_one_building ON projection_generation ((true)) WHERE state = 'building';
INSERT INTO projection_generation (generation, state, requested_by, switched_at, detail)
VALUES (1, 'live', 'status-service', now(), 'the first generation, filled by the live consumer');

-- One row per connection token-service told us about (connection.changed.v2, token.refreshed.v1,
-- token.refresh-failed.v1, connection.checked.v1).
CREATE TABLE status_connection (
    generation          int         NOT NULL,
    tenant_id           text        NOT NULL,
    connection_id       text        NOT NULL,
    provider            text        NOT NULL,
    integration         text        NOT NULL,
    kind                text        NOT NULL CHECK (kind IN ('oauth', 'api_key')),
    owner_user_id       text,                      -- null: the tenant's (API keys)
    -- connection.changed.v2 and the status after a failed refresh
    status              text,
    status_since        timestamptz,
    status_at           timestamptz,
    status_event        text,
    status_other_at     timestamptz,               -- the latest fact with another status: since is never before it
    -- token.refreshed.v1
    token_expires_at    timestamptz,
    refreshed_at        timestamptz,
    refreshed_event     text,
    -- token.refresh-failed.v1
    failure_category    text,
    failure_code        text,
    failure_action      text,
    failure_retry_at    timestamptz,
    failure_count       int,
    failed_at           timestamptz,
    failed_event        text,
    -- connection.checked.v1
    check_outcome       text,
    check_code          text,
    checked_at          timestamptz,
    checked_event       text,
    last_valid_at       timestamptz,
    PRIMARY KEY (generation, tenant_id, connection_id)
);
CREATE INDEX status_connection_owner ON status_connection (generation, tenant_id, owner_user_id);

-- One row per calendar link calendar-service synced or failed to (calendar.synced.v2, calendar.sync-failed.v2).
CREATE TABLE status_calendar_link (
    generation          int         NOT NULL,
    tenant_id           text        NOT NULL,
    link_id             text        NOT NULL,
    connection_id       text        NOT NULL,
    integration         text        NOT NULL,
    owner_user_id       text        NOT NULL,
    calendar_id         text        NOT NULL,
    total_events        int,
    upcoming_events     int,
    synced_at           timestamptz,
    synced_event        text,
    failure_category    text,
    failure_code        text,
    failure_action      text,
    failure_reason      text,
    failure_retry_at    timestamptz,
    failure_count       int,
    failed_at           timestamptz,
    failed_event        text,
    PRIMARY KEY (generation, tenant_id, link_id)
);
CREATE INDEX status_calendar_link_owner ON status_calendar_link (generation, tenant_id, owner_user_id);

-- One row per Mailchimp audience linked to the tenant (audience.changed.v1: each event carries the whole state).
CREATE TABLE status_audience (
    generation          int         NOT NULL,
    tenant_id           text        NOT NULL,
    audience_id         text        NOT NULL,
    connection_id       text        NOT NULL,
    audience_name       text,
    state               text        NOT NULL,
    paused_reason       text,
    subscribed          bigint      NOT NULL,
    unsubscribed        bigint      NOT NULL,
    cleaned             bigint      NOT NULL,
    pending             bigint      NOT NULL,
    transactional       bigint      NOT NULL,
    archived            bigint      NOT NULL,
    last_delivery_at    timestamptz,
    received            bigint      NOT NULL,
    rejected            bigint      NOT NULL,
    parked              bigint      NOT NULL,
    stale               bigint      NOT NULL,
    changed_at          timestamptz NOT NULL,
    changed_event       text        NOT NULL,
    PRIMARY KEY (generation, tenant_id, audience_id)
);

-- The tenant's connection policy (connection-policy.changed.v1): which providers it allows. No row: the default.
CREATE TABLE status_tenant (
    generation          int         NOT NULL,
    tenant_id           text        NOT NULL,
    allowed_providers   text[]      NOT NULL,
    policy_version      bigint      NOT NULL,
    policy_changed_at   timestamptz NOT NULL,
    PRIMARY KEY (generation, tenant_id)
);

-- The siblings whose facts may be out of date (SiblingProbes): stale since when, and why. Not per generation.
CREATE TABLE status_source (
    source              text        PRIMARY KEY,
    stale_since         timestamptz,
    reason              text,
    checked_at          timestamptz NOT NULL
);

-- What changed in the live generation, for the streams of every replica: one row per card touched (tenant, owner,
-- integration); a row without a tenant concerns every tenant (a sibling turned stale, a rebuild switched). Its
-- sequence is the stream's event id. Writers take one advisory lock before their first row, so rows commit in
-- sequence order and a reader that saw seq n never later finds a smaller one. A commit that wrote any wakes the
-- listeners with one NOTIFY.
CREATE TABLE status_change (
    seq                 bigserial   PRIMARY KEY,
    tenant_id           text,
    owner_user_id       text,
    integration         text,
    changed_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX status_change_tenant ON status_change (tenant_id, seq);
CREATE INDEX status_change_age ON status_change (changed_at);

-- The last sequence number pruning deleted: a stream resumed from an id below it may have missed changes, and gets a
-- whole snapshot instead.
CREATE TABLE status_change_pruned (
    singleton           boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    up_to               bigint      NOT NULL
);
INSERT INTO status_change_pruned (up_to) VALUES (0);

CREATE FUNCTION status_change_serialise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('status_change'));
    RETURN NULL;
END $$;

CREATE FUNCTION status_change_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('status_changes', '');
    RETURN NULL;
END $$;

CREATE TRIGGER status_change_serialised BEFORE INSERT ON status_change
    FOR EACH STATEMENT EXECUTE FUNCTION status_change_serialise();
-- Per row (a statement that inserted none must not wake anyone); notifications are sent once per commit.
CREATE TRIGGER status_change_notified AFTER INSERT ON status_change
    FOR EACH ROW EXECUTE FUNCTION status_change_notify();
