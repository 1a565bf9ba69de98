-- Per-tenant settings of a service (com.crm.integrations.common.settings.TenantSettingsStore): the
-- connection policy, calendar sync settings, Mailchimp settings, the attention policy. Shipped by
-- common into every service's schema, like the outbox. Until 2026-11-30 each service shipped its own
-- copy as V1__tenant_settings.sql: IF NOT EXISTS keeps a schema made then as it is (see ADR 0009).
CREATE TABLE IF NOT EXISTS tenant_settings (
    tenant_id  text        PRIMARY KEY,
    settings   jsonb       NOT NULL,
    version    bigint      NOT NULL CHECK (version > 0),
    updated_by text        NOT NULL,
    updated_at timestamptz NOT NULL
);
