-- Per-tenant calendar sync settings (com.crm.integrations.common.settings.TenantSettingsStore).
CREATE TABLE tenant_settings (
    tenant_id  text        PRIMARY KEY,
    settings   jsonb       NOT NULL,
    version    bigint      NOT NULL CHECK (version > 0),
    updated_by text        NOT NULL,
    updated_at timestamptz NOT NULL
);
