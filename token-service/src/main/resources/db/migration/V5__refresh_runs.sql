-- Refresh automation (issue 11).

-- The due query of a refresh run: live OAuth connections that can be refreshed, by expiry.
CREATE INDEX connection_refresh_due ON connection (access_expires_at)
    WHERE kind = 'oauth' AND status = 'active' AND refresh_token IS NOT NULL;

-- Health checks of connections whose tokens never expire (API keys, Mailchimp OAuth): when each is
-- checked next (spread over the interval) and when it last was.
ALTER TABLE connection
    ADD COLUMN next_check_at   timestamptz,
    ADD COLUMN last_checked_at timestamptz;
CREATE INDEX connection_check_due ON connection (next_check_at)
    WHERE status = 'active' AND (kind = 'api_key' OR access_expires_at IS NULL);

-- A refresh run: every cycle, scheduled or asked for. Cluster-wide: every replica claims due
-- connections for each running run. One running run per scope ('*', 'provider:<p>', 'tenant:<t>',
-- 'provider:<p>/tenant:<t>'): asking for another is refused with the running one's id.
CREATE TABLE refresh_run (
    id              uuid        PRIMARY KEY,
    trigger         text        NOT NULL CHECK (trigger IN ('schedule', 'operator', 'cli')),
    requested_by    text        NOT NULL,
    provider        text,
    tenant_id       text,
    scope           text        NOT NULL,
    -- A token expiring within this is due; unless explicit, also within a fraction of its lifetime.
    window_seconds  bigint      NOT NULL CHECK (window_seconds > 0),
    window_explicit boolean     NOT NULL,
    status          text        NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    error           text
);
CREATE UNIQUE INDEX refresh_run_one_per_scope ON refresh_run (scope) WHERE status = 'running';
CREATE INDEX refresh_run_newest ON refresh_run (started_at DESC, id DESC);
CREATE INDEX refresh_run_schedule ON refresh_run (started_at) WHERE trigger = 'schedule';

-- What a run did with each connection it took or skipped: the report is counted from these rows.
-- A connection appears at most once per run ('in_flight' while a replica refreshes it under the lease).
CREATE TABLE refresh_run_item (
    run_id        uuid        NOT NULL REFERENCES refresh_run (id) ON DELETE CASCADE,
    connection_id uuid        NOT NULL,
    tenant_id     text        NOT NULL,
    provider      text        NOT NULL,
    outcome       text        NOT NULL CHECK (outcome IN ('in_flight', 'refreshed', 'needs_reauth', 'misconfigured', 'error',
                                  'rate_limited', 'transient_failure', 'skipped_leased', 'skipped_breaker_open',
                                  'skipped_retry_at', 'interrupted')),
    provider_code text,
    replica       text        NOT NULL,
    claimed_at    timestamptz NOT NULL,
    lease_until   timestamptz,
    duration_ms   integer,
    PRIMARY KEY (run_id, connection_id)
);
CREATE INDEX refresh_run_item_in_flight ON refresh_run_item (run_id, lease_until) WHERE outcome = 'in_flight';
