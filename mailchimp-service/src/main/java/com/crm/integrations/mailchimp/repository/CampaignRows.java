package com.crm.integrations.mailchimp.repository;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.sql.SqlValues;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The campaigns CRM commands created ({@code mailchimp_campaign}): a later command may name only its tenant's own. */
@ApplicationScoped
public class CampaignRows {

    private static final String UPSERT = "INSERT INTO mailchimp_campaign (campaign_id, tenant_id, audience_id, link_id, command_id,"
            + " subject, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)"
            + " ON CONFLICT (campaign_id) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at"
            + " WHERE mailchimp_campaign.tenant_id = EXCLUDED.tenant_id";
    private static final String STATUS = "UPDATE mailchimp_campaign SET status = $2, updated_at = $3 WHERE campaign_id = $1";
    private static final String FIND = "SELECT campaign_id, tenant_id, audience_id, link_id, subject, status FROM mailchimp_campaign"
            + " WHERE tenant_id = $1 AND campaign_id = $2";

    private final Pool pool;

    public CampaignRows(Pool pool) {
        this.pool = pool;
    }

    /** A campaign a command created. */
    public record Campaign(String campaignId, String tenantId, String audienceId, UUID linkId, String subject, String status) {
    }

    public Uni<Void> created(SqlClient tx, Campaign campaign, String commandId, Instant now) {
        return tx.preparedQuery(UPSERT).execute(Tuple.tuple().addValue(campaign.campaignId()).addValue(campaign.tenantId())
                .addValue(campaign.audienceId()).addValue(campaign.linkId()).addValue(commandId).addValue(campaign.subject())
                .addValue(campaign.status()).addValue(SqlValues.timestamp(now))).replaceWithVoid();
    }

    public Uni<Void> status(SqlClient tx, String campaignId, String status, Instant now) {
        return tx.preparedQuery(STATUS).execute(Tuple.of(campaignId, status, SqlValues.timestamp(now))).replaceWithVoid();
    }

    /** The tenant's campaign of that id; empty for another tenant's or one no command created. */
    public Uni<Optional<Campaign>> find(String tenantId, String campaignId) {
        if (campaignId == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return pool.preparedQuery(FIND).execute(Tuple.of(tenantId, campaignId)).map(rows -> SqlValues.first(rows,
                row -> new Campaign(row.getString("campaign_id"), row.getString("tenant_id"), row.getString("audience_id"),
                        row.getUUID("link_id"), row.getString("subject"), row.getString("status"))));
    }
}
