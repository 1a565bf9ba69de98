package com.crm.integrations.status.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.IntegrationInfrastructure;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The status read: one statement whose JSON columns arrive as text, each read once into records (the driver decoding
 * them into maps first, only for them to be written out again and read, cost a tenth of a request's CPU).
 */
@QuarkusTest
@WithTestResource(IntegrationInfrastructure.class)
class StatusRowsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String LIVE = "projection_generation WHERE state = 'live'";

    @Inject
    StatusRows rows;

    @Inject
    Pool pool;

    @Test
    void theFactsArriveAsJsonTextReadOnceIntoRecords() {
        // Given
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        String connection = UUID.randomUUID().toString();
        sql("INSERT INTO status_connection (generation, tenant_id, connection_id, provider, integration, kind, status) SELECT "
                + "generation, $1, $2, 'mapbox', 'mapbox', 'api_key', 'active' FROM " + LIVE, Tuple.of(tenant, connection));
        sql("INSERT INTO status_tenant (generation, tenant_id, allowed_providers, policy_version, policy_changed_at) SELECT "
                + "generation, $1, ARRAY['mapbox', 'google'], 3, now() FROM " + LIVE, Tuple.of(tenant));
        sql("INSERT INTO tenant_settings (tenant_id, settings, version, updated_by, updated_at) VALUES ($1,"
                + " '{\"failuresBeforeAttention\": 2, \"notifyTenantAdmins\": true}', 1, 'test', now())", Tuple.of(tenant));

        // When
        Row row = pool.preparedQuery(StatusRows.FACTS).execute(Tuple.of(tenant, null)).await().atMost(WAIT).iterator().next();
        StatusFacts facts = rows.facts(tenant, null).await().atMost(WAIT);

        // Then
        for (String column : List.of("connections", "links", "audiences", "policy", "attention", "stale")) {
            assertInstanceOf(String.class, row.getValue(column), column + " comes as JSON text, not decoded by the driver");
        }
        assertEquals(List.of(connection), facts.connections().stream().map(StatusFacts.ConnectionRow::connectionId).toList());
        assertEquals(List.of("mapbox", "google"), facts.policy().allowedProviders());
        assertEquals(2, facts.attention().failuresBeforeAttention());
        assertEquals(List.of(), facts.links());
    }

    private void sql(String statement, Tuple arguments) {
        pool.preparedQuery(statement).execute(arguments).await().atMost(WAIT);
    }
}
