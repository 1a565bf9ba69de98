package com.crm.integrations.token.oauth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.Topics;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.token.TokenServiceInfrastructure;
import com.crm.integrations.testing.events.TopicReader;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * No plaintext token, key or client secret anywhere we write: after connections of every kind,
 * refreshes (Microsoft's rotation included) and a disconnect, every secret the sandbox issued and
 * every credential we were given is searched for in each row of every table of our schema (as text,
 * and as the hex of its bytes, which is how bytea renders), in the app's log file at DEBUG, and in
 * every record (key, headers, value) of our topic.
 */
@QuarkusTest
@WithTestResource(TokenServiceInfrastructure.class)
class SecretScanTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @ConfigProperty(name = "integrations.identity.url")
    String sandbox;
    @ConfigProperty(name = "integrations.test.providers.client-secret")
    String clientSecret;
    @ConfigProperty(name = "quarkus.log.file.path")
    String logFile;

    @Test
    void noSecretReachesTheDatabaseTheLogsOrTheTopic() throws Exception {
        // Given: connections of every kind, refreshed, one deleted
        String tenant = TestUser.fresh().tenant();
        String admin = SandboxTokens.user(tenant, "admin", "tenant_admin");
        List<String> oauth = new ArrayList<>();
        for (String provider : List.of("google", "microsoft", "mailchimp", "acme")) {
            oauth.add(connect(tenant, provider));
        }
        String mailchimpKey = given().contentType(ContentType.JSON).body(Map.of("dc", "us14")).when()
                .post(sandbox + "/control/mailchimp/api-keys").then().statusCode(201).extract().path("key");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("key", mailchimpKey)).when()
                .post("/connections/mailchimp/api-keys").then().statusCode(201);
        String mapboxToken = given().contentType(ContentType.JSON).body(Map.of("usage", "sk", "user", "acme-maps")).when()
                .post(sandbox + "/control/mapbox/tokens").then().statusCode(201).extract().path("token");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("key", mapboxToken)).when()
                .post("/connections/mapbox/api-keys").then().statusCode(201);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("key", "0123456789abcdef0123456789abcdef-us9"))
                .when().post("/connections/mailchimp/api-keys").then().statusCode(422);
        for (String id : oauth) {
            given().auth().oauth2(SandboxTokens.service("calendar-service")).when()
                    .get("/internal/connections/" + id + "/access-token").then().statusCode(200);
        }
        for (String id : List.of(oauth.get(0), oauth.get(1), oauth.get(3))) {
            for (int round = 0; round < 2; round++) {
                pool.preparedQuery("UPDATE connection SET access_expires_at = now() WHERE id = $1")
                        .execute(io.vertx.mutiny.sqlclient.Tuple.of(UUID.fromString(id))).await().atMost(WAIT);
                given().auth().oauth2(SandboxTokens.service("calendar-service")).when()
                        .get("/internal/connections/" + id + "/access-token").then().statusCode(200);
            }
        }
        given().auth().oauth2(admin).when().delete("/connections/" + oauth.get(0)).then().statusCode(200);
        Set<String> secrets = new LinkedHashSet<>(given().when().get(sandbox + "/control/issued-secrets").then().statusCode(200)
                .extract().<List<String>>path("secrets"));
        secrets.add(clientSecret);
        secrets.add(mailchimpKey);
        secrets.add(mapboxToken);
        secrets.add("0123456789abcdef0123456789abcdef-us9");
        assertTrue(secrets.size() > 20, "the scan needs something to look for: " + secrets.size());

        // When
        List<String> rows = databaseRows();
        String log = logs();
        List<String> records = topicRecords(tenant);

        // Then
        assertTrue(rows.size() >= 6, "rows scanned: " + rows.size());
        assertTrue(log.contains(tenant), "the log file holds this test's lines");
        assertTrue(records.size() >= 6, "records scanned: " + records.size());
        List<String> leaks = new ArrayList<>();
        for (String secret : secrets) {
            String hex = HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8));
            rows.stream().filter(row -> row.contains(secret) || row.contains(hex)).findAny()
                    .ifPresent(row -> leaks.add("database: " + describe(secret)));
            if (log.contains(secret)) {
                leaks.add("log: " + describe(secret));
            }
            records.stream().filter(record -> record.contains(secret)).findAny().ifPresent(record -> leaks.add("topic: " + describe(secret)));
        }
        assertEquals(List.of(), leaks);
    }

    private String connect(String tenant, String provider) {
        String user = "u-" + provider;
        Map<String, String> outcome = new OAuthBrowser(provider, SandboxTokens.user(tenant, user))
                .connect(user + "@scan.example.com");
        assertEquals("connected", outcome.get("outcome"), outcome.toString());
        return outcome.get("connection");
    }

    /** Every row of every table in our schema as PostgreSQL's text form (bytea as \x hex). */
    private List<String> databaseRows() {
        List<String> tables = new ArrayList<>();
        pool.query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")
                .execute().await().atMost(WAIT).forEach(row -> tables.add(row.getString("table_name")));
        assertTrue(tables.contains("connection") && tables.contains("outbox"), tables.toString());
        List<String> rows = new ArrayList<>();
        for (String table : tables) {
            for (Row row : pool.query("SELECT t::text AS line FROM \"" + table + "\" t").execute().await().atMost(WAIT)) {
                rows.add(row.getString("line"));
            }
        }
        return rows;
    }

    private List<String> topicRecords(String tenant) {
        try (TopicReader tokenEvents = TopicReader.of(Topics.TOKEN_EVENTS)) {
            // connection.changed v1 and v2 x6 (reconnect-free flows), token.refreshed x6, revoked v1 and v2: wait for this
            // tenant's revoke, its last record.
            tokenEvents.await(tenant, 20);
            List<String> records = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : tokenEvents.raw()) {
                StringBuilder text = new StringBuilder(String.valueOf(record.key()));
                for (Header header : record.headers()) {
                    text.append('\n').append(header.key()).append('=').append(new String(header.value(), StandardCharsets.UTF_8));
                }
                text.append('\n').append(new String(record.value(), StandardCharsets.UTF_8));
                records.add(text.toString());
            }
            return records;
        }
    }

    /** The log file and any rotated siblings. */
    private String logs() throws java.io.IOException {
        Path file = Path.of(logFile).toAbsolutePath();
        StringBuilder all = new StringBuilder();
        try (var siblings = Files.list(file.getParent())) {
            for (Path path : siblings.filter(p -> p.getFileName().toString().startsWith(file.getFileName().toString())).toList()) {
                all.append(Files.readString(path, StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    private static String describe(String secret) {
        return secret.substring(0, Math.min(6, secret.length())) + "… (" + secret.length() + " chars)";
    }
}
