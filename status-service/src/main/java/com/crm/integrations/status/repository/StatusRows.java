package com.crm.integrations.status.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.status.AttentionPolicy;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads what the live generation holds for a tenant in one statement (one round trip, one consistent snapshot): the
 * status API and every stream build their answers from it; nothing else is asked per request.
 */
@ApplicationScoped
public class StatusRows {

    /**
     * $1 tenant, $2 user ({@code null}: every owner of the tenant). The JSON columns come as text: the driver would
     * otherwise decode each into maps and lists that {@link #toFacts} only writes out again to read them into records
     * (a tenth of a status request's CPU, bench/status.sh).
     */
    static final String FACTS = """
            WITH live AS (SELECT generation FROM projection_generation WHERE state = 'live')
            SELECT
                (SELECT coalesce(json_agg(c ORDER BY c.connection_id), '[]')::text FROM status_connection c, live
                 WHERE c.generation = live.generation AND c.tenant_id = $1
                   AND ($2::text IS NULL OR c.owner_user_id = $2 OR c.owner_user_id IS NULL)) AS connections,
                (SELECT coalesce(json_agg(l ORDER BY l.link_id), '[]')::text FROM status_calendar_link l, live
                 WHERE l.generation = live.generation AND l.tenant_id = $1
                   AND ($2::text IS NULL OR l.owner_user_id = $2)) AS links,
                (SELECT coalesce(json_agg(a ORDER BY a.audience_id), '[]')::text FROM status_audience a, live
                 WHERE a.generation = live.generation AND a.tenant_id = $1) AS audiences,
                (SELECT row_to_json(t)::text FROM status_tenant t, live
                 WHERE t.generation = live.generation AND t.tenant_id = $1) AS policy,
                (SELECT settings::text FROM tenant_settings WHERE tenant_id = $1) AS attention,
                (SELECT coalesce(json_agg(s ORDER BY s.source), '[]')::text FROM status_source s WHERE s.stale_since IS NOT NULL)
                    AS stale,
                (SELECT coalesce(max(seq), 0) FROM status_change) AS seq
            """;

    private static final ObjectMapper ROWS = new ObjectMapper().registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final ObjectMapper SETTINGS = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Pool pool;

    public StatusRows(Pool pool) {
        this.pool = pool;
    }

    /** The tenant's facts; {@code user} {@code null} for every owner, else that user's and the tenant's own. */
    public Uni<StatusFacts> facts(String tenant, String user) {
        return pool.preparedQuery(FACTS).execute(Tuple.of(tenant, user)).map(rows -> toFacts(rows.iterator().next()));
    }

    private static StatusFacts toFacts(Row row) {
        String attention = row.getString("attention");
        String policy = row.getString("policy");
        return new StatusFacts(
                list(row.getString("connections"), new TypeReference<List<StatusFacts.ConnectionRow>>() { }),
                list(row.getString("links"), new TypeReference<List<StatusFacts.LinkRow>>() { }),
                list(row.getString("audiences"), new TypeReference<List<StatusFacts.AudienceRow>>() { }),
                policy == null ? null : read(ROWS, policy, new TypeReference<StatusFacts.PolicyRow>() { }),
                attention == null ? AttentionPolicy.DEFAULTS : read(SETTINGS, attention, new TypeReference<AttentionPolicy>() { }),
                list(row.getString("stale"), new TypeReference<List<StatusFacts.SourceRow>>() { }),
                row.getLong("seq"));
    }

    private static <T> List<T> list(String json, TypeReference<List<T>> type) {
        return read(ROWS, json, type);
    }

    private static <T> T read(ObjectMapper mapper, String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("The status projection holds a row status-service cannot read", unreadable);
        }
    }
}
