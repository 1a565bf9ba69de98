-- Refresh runs that also take misconfigured connections (an operator fixed the provider's app and
-- brings them back): asked for per run, stored with it so that every replica taking part claims the same.
ALTER TABLE refresh_run
    ADD COLUMN include_misconfigured boolean NOT NULL DEFAULT false;

-- Such a run's claim finds them without reading every connection.
CREATE INDEX connection_refresh_misconfigured ON connection (provider, tenant_id)
    WHERE kind = 'oauth' AND status = 'misconfigured' AND refresh_token IS NOT NULL;
