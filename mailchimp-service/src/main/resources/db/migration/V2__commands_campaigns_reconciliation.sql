-- mailchimp-service, part 2: the CRM's commands to Mailchimp, the campaigns they made, Mailchimp accounts' throttling,
-- and the audiences' reconciliation (docs/mailchimp.md).

-- The Mailchimp account a link's calls count against (10 simultaneous connections per account, shared with the
-- account's other apps): mailchimp-account:<fingerprint> when token-service knows the account (OAuth), else
-- mailchimp-connection:<connection id> (an API key names no account). Set when linked and relinked.
ALTER TABLE audience_link ADD COLUMN account_key text;
UPDATE audience_link SET account_key = 'mailchimp-connection:' || connection_id;
ALTER TABLE audience_link ALTER COLUMN account_key SET NOT NULL;

-- Reconciliation: members other apps changed through Mailchimp's API (the webhook leaves out source api), read with
-- since_last_changed. reconciled_since is where the next run starts reading; a run in progress keeps its own start
-- (reconcile_started_at, the next run's reconciled_since once it ends) and the page it reached. It takes the link's
-- lease (lease_owner, lease_until) like the import, so one replica runs it.
ALTER TABLE audience_link ADD COLUMN reconcile_due_at timestamptz;
ALTER TABLE audience_link ADD COLUMN reconciled_since timestamptz;
ALTER TABLE audience_link ADD COLUMN reconcile_started_at timestamptz;
ALTER TABLE audience_link ADD COLUMN reconcile_offset integer NOT NULL DEFAULT 0;
ALTER TABLE audience_link ADD COLUMN reconcile_error text;
UPDATE audience_link SET reconciled_since = linked_at, reconcile_due_at = now() + interval '1 day';
CREATE INDEX audience_link_reconcile ON audience_link (reconcile_due_at) WHERE import_state = 'done';

-- A CRM command (mailchimp.commands or the REST API), stored as it is read and carried out by the command worker.
CREATE TABLE mailchimp_command (
    id              uuid        PRIMARY KEY,
    seq             bigserial   NOT NULL UNIQUE,            -- arrival order
    tenant_id       text        NOT NULL,
    command_id      text        NOT NULL,                   -- the CRM's id: ce_id, or the Idempotency-Key
    kind            text        NOT NULL,                   -- member | subscribe | campaign
    action          text        NOT NULL,
    origin          text        NOT NULL,                   -- kafka | rest
    source          text,                                   -- ce_source, or the REST caller's user id
    payload         jsonb       NOT NULL,                   -- the command as received
    audience_id     text,
    link_id         uuid,
    order_key       text        NOT NULL,                   -- commands sharing it run one at a time, in arrival order
    state           text        NOT NULL,                   -- pending | running | completed | failed
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    give_up_at      timestamptz NOT NULL,
    lease_owner     text,
    lease_until     timestamptz,
    progress        jsonb       NOT NULL DEFAULT '{}',      -- steps done: a campaign's id, a batch's id, …
    result          jsonb,                                  -- the answer's payload (command-completed or command-failed)
    last_error      text,                                   -- why the last attempt failed (pending)
    received_at     timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    UNIQUE (tenant_id, command_id)
);
CREATE INDEX mailchimp_command_open ON mailchimp_command (seq) WHERE state IN ('pending', 'running');
CREATE INDEX mailchimp_command_order ON mailchimp_command (tenant_id, order_key, seq) WHERE state IN ('pending', 'running');
CREATE INDEX mailchimp_command_finished ON mailchimp_command (finished_at) WHERE finished_at IS NOT NULL;

-- One chunk of a subscribe command written (batch subscribe, ≤ 500 members): its counts and refused members, so that a
-- retried command writes no chunk twice and counts each once.
CREATE TABLE mailchimp_command_chunk (
    command_id  uuid        NOT NULL REFERENCES mailchimp_command (id) ON DELETE CASCADE,
    chunk       integer     NOT NULL,
    created     integer     NOT NULL,
    updated     integer     NOT NULL,
    errors      jsonb       NOT NULL,                       -- [{email, code, field, reason}]
    written_at  timestamptz NOT NULL,
    PRIMARY KEY (command_id, chunk)
);

-- A Mailchimp account's calls held back after a 429 (its simultaneous connections were used up, by us or its other
-- apps): its commands wait until throttled_until; the provider-wide breaker stays closed.
CREATE TABLE mailchimp_account (
    account_key     text        PRIMARY KEY,
    throttled_until timestamptz NOT NULL,
    throttles       integer     NOT NULL                    -- 429s in a row: the next wait doubles
);

-- The campaigns CRM commands created: a later command may name only the tenant's own.
CREATE TABLE mailchimp_campaign (
    campaign_id text        PRIMARY KEY,                    -- Mailchimp's id
    tenant_id   text        NOT NULL,
    audience_id text        NOT NULL,
    link_id     uuid        NOT NULL,
    command_id  text        NOT NULL,                       -- the create's
    subject     text,
    status      text        NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX mailchimp_campaign_tenant ON mailchimp_campaign (tenant_id, created_at);
