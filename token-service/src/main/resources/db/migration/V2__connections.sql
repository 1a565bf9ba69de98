-- Connections to providers and their sealed tokens (issue 5). Tokens are AES-256-GCM ciphertexts
-- (com.crm.integrations.token.crypto): format byte, 96-bit nonce, ciphertext, tag; each with the id
-- of the key that sealed it. No plaintext token, key or client secret is ever stored.
CREATE TABLE connection (
    id                   uuid        PRIMARY KEY,
    tenant_id            text        NOT NULL,
    -- OAuth connections belong to a user; API-key connections to the tenant (owner_id = tenant id).
    owner_type           text        NOT NULL CHECK (owner_type IN ('user', 'tenant')),
    owner_id             text        NOT NULL,
    provider             text        NOT NULL,
    kind                 text        NOT NULL CHECK (kind IN ('oauth', 'api_key')),
    status               text        NOT NULL CHECK (status IN ('active', 'needs_reauth', 'misconfigured', 'error', 'revoked')),
    scopes               text[]      NOT NULL DEFAULT '{}',
    account_id           text,
    account_login        text,
    data_centre          text,
    api_endpoint         text,
    access_key_id        text,
    access_token         bytea,
    refresh_key_id       text,
    refresh_token        bytea,
    access_expires_at    timestamptz,
    last_refreshed_at    timestamptz,
    consecutive_failures integer     NOT NULL DEFAULT 0,
    last_error_category  text,
    last_error_code      text,
    last_error_at        timestamptz,
    retry_at             timestamptz,
    -- The single-flight refresh lease: one refresh per connection across every replica.
    refresh_lease_until  timestamptz,
    created_by           text        NOT NULL,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    revoked_at           timestamptz,
    CHECK ((access_token IS NULL) = (access_key_id IS NULL)),
    CHECK ((refresh_token IS NULL) = (refresh_key_id IS NULL)),
    CHECK (status <> 'revoked' OR (access_token IS NULL AND refresh_token IS NULL))
);

-- One live connection per owner and provider; a revoked one stays as history.
CREATE UNIQUE INDEX connection_one_live ON connection (tenant_id, owner_type, owner_id, provider) WHERE status <> 'revoked';
CREATE INDEX connection_by_tenant ON connection (tenant_id, created_at, id);
-- Key rotation finds the rows still sealed under another key.
CREATE INDEX connection_access_key ON connection (access_key_id) WHERE access_key_id IS NOT NULL;
CREATE INDEX connection_refresh_key ON connection (refresh_key_id) WHERE refresh_key_id IS NOT NULL;

-- An authorization in progress: created by POST /connections/{provider}/authorizations, opened once
-- through its start URL, finished (or refused) once by the callback. Only hashes are stored: the
-- start token, the state and the browser cookie (whose value is also the PKCE verifier) are secrets
-- of the browser session.
CREATE TABLE oauth_session (
    id              uuid        PRIMARY KEY,
    tenant_id       text        NOT NULL,
    user_id         text        NOT NULL,
    provider        text        NOT NULL,
    redirect_uri    text        NOT NULL,
    start_hash      bytea       NOT NULL UNIQUE,
    -- Set when the start URL is opened: the state sent to the provider and the browser cookie.
    state_hash      bytea       UNIQUE,
    cookie_hash     bytea,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    started_at      timestamptz,
    finished_at     timestamptz,
    outcome         text
);
CREATE INDEX oauth_session_expiry ON oauth_session (expires_at);
