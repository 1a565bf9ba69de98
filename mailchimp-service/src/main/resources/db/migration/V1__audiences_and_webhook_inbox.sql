-- mailchimp-service, part 1: linked audiences, their webhook secrets, the webhook inbox and the members
-- projection (docs/mailchimp.md). The reactive SQL client reads and writes all of it.

-- A Mailchimp audience (list) a tenant admin linked, through one token-service connection.
CREATE TABLE audience_link (
    id              uuid        PRIMARY KEY,
    tenant_id       text        NOT NULL,
    audience_id     text        NOT NULL,                  -- Mailchimp's list id
    audience_name   text,
    connection_id   text        NOT NULL,                  -- token-service's connection
    state           text        NOT NULL,                  -- linking | active | paused
    paused_reason   text,
    hook_id         text        NOT NULL UNIQUE,           -- the public id in our webhook URL
    webhook_id      text,                                  -- Mailchimp's id of the webhook; null until registered
    import_state    text        NOT NULL,                  -- pending | running | done | failed
    import_offset   integer     NOT NULL DEFAULT 0,        -- members imported so far (the next page's offset)
    import_total    integer,                               -- total_items Mailchimp reported
    import_error    text,
    lease_owner     uuid,                                  -- the replica importing it, until lease_until
    lease_until     timestamptz,
    next_attempt_at timestamptz,                           -- the import's next try after a failure
    linked_by       text        NOT NULL,
    linked_at       timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    activity_at     timestamptz,                           -- members or deliveries changed at
    published_at    timestamptz,                           -- the last audience.changed activity event
    UNIQUE (tenant_id, audience_id)
);
CREATE INDEX audience_link_import ON audience_link (next_attempt_at) WHERE import_state IN ('pending', 'running');

-- The secrets of a hook's URL: only their SHA-256. One current (expires_at null), and after a rotation the
-- previous one until its overlap ends.
CREATE TABLE webhook_secret (
    hook_id     text        NOT NULL REFERENCES audience_link (hook_id) ON DELETE CASCADE,
    secret_hash bytea       NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz,
    PRIMARY KEY (hook_id, secret_hash)
);

-- Every webhook post we answered 200, as received. No foreign key: the inbox outlives an unlinked audience.
CREATE TABLE webhook_delivery (
    id              bigserial   PRIMARY KEY,               -- receipt order
    link_id         uuid        NOT NULL,
    tenant_id       text        NOT NULL,
    audience_id     text        NOT NULL,
    type            text,                                  -- as posted; null when absent
    fired_at        timestamptz,                           -- as posted, read as UTC; null when absent or unreadable
    received_at     timestamptz NOT NULL,
    content_hash    bytea       NOT NULL,                  -- SHA-256 of the decoded form: the duplicate check
    raw_body        bytea       NOT NULL,                  -- the body exactly as posted (personal data)
    fields          jsonb       NOT NULL,                  -- the decoded PHP-style fields, nested
    subscriber_hash text,                                  -- the member it concerns (upemail: the new address)
    status          text        NOT NULL,                  -- pending | applied | superseded | stale | rejected | parked | orphaned
    reason          text,
    attempts        integer     NOT NULL DEFAULT 0,
    due_at          timestamptz,                           -- pending: when to process it
    processed_at    timestamptz
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (due_at) WHERE status = 'pending';
CREATE INDEX webhook_delivery_pending ON webhook_delivery (link_id, id) WHERE status = 'pending';
CREATE INDEX webhook_delivery_link ON webhook_delivery (link_id, id);
CREATE INDEX webhook_delivery_listing ON webhook_delivery (tenant_id, status, id);
CREATE INDEX webhook_delivery_received ON webhook_delivery (received_at);

-- Content hashes seen per hook within the duplicate window: a retried post is stored once.
CREATE TABLE delivery_fingerprint (
    link_id      uuid        NOT NULL,
    content_hash bytea       NOT NULL,
    seen_at      timestamptz NOT NULL,
    PRIMARY KEY (link_id, content_hash)
);
CREATE INDEX delivery_fingerprint_seen ON delivery_fingerprint (seen_at);

-- The audience's members as we know them. Two clocks, so that an older fact never overwrites a newer one:
-- the status's and the profile's, each the (fired_at, delivery id) of the fact applied last (an import: id 0).
CREATE TABLE audience_member (
    link_id          uuid        NOT NULL REFERENCES audience_link (id) ON DELETE CASCADE,
    subscriber_hash  text        NOT NULL,
    email            text        NOT NULL,
    status           text        NOT NULL,
    member_id        text,                                 -- Mailchimp's unique_email_id (a webhook's data[id])
    email_type       text,
    merge_fields     jsonb       NOT NULL DEFAULT '{}',
    interests        jsonb       NOT NULL DEFAULT '[]',
    reason           text,
    campaign_id      text,
    status_at        timestamptz NOT NULL,
    status_delivery  bigint      NOT NULL,
    profile_at       timestamptz NOT NULL,
    profile_delivery bigint      NOT NULL,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (link_id, subscriber_hash)
);
CREATE INDEX audience_member_status ON audience_member (link_id, status);
