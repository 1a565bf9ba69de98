package com.crm.integrations.reliability;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.crm.integrations.testing.contract.SandboxMailchimp;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.services.TokenServiceConnections;
import com.crm.integrations.testing.services.TokenServiceConnections.Connection;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant with real resources made through the whole system: a Google connection (token-service's OAuth flow at the
 * sandbox) and the calendar link calendar-service makes from it, an event command and a batch at calendar-service, a
 * Mailchimp API-key connection and a linked audience at mailchimp-service, each service's tenant settings saved, and its
 * status read. {@link #ids()} names every id it got.
 */
final class TenantWorld {

    private static final Duration WAIT = Duration.ofSeconds(60);

    final TestUser admin;
    final Map<String, String> ids = new LinkedHashMap<>();

    private final String dataCentre;

    private TenantWorld(TestUser admin, String dataCentre) {
        this.admin = admin;
        this.dataCentre = dataCentre;
    }

    /** @param dataCentre the Mailchimp data centre of its API key and audience (one per tenant: a data centre's audiences are shared) */
    static TenantWorld make(WholeSystem system, String dataCentre) {
        TenantWorld world = new TenantWorld(TestUser.fresh(), dataCentre);
        world.build(system);
        return world;
    }

    String tenant() {
        return admin.tenant();
    }

    /** Every id of this tenant's resources, by what it is. */
    Map<String, String> ids() {
        return ids;
    }

    private void build(WholeSystem system) {
        String token = system.url(WholeSystem.TOKEN);
        String calendar = system.url(WholeSystem.CALENDAR);
        String mailchimp = system.url(WholeSystem.MAILCHIMP);
        String status = system.url(WholeSystem.STATUS);

        Connection google = TokenServiceConnections.connect(admin, "google");
        ids.put("google connection", google.id());
        String link = await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
            List<String> links = given().auth().oauth2(admin.token()).get(calendar + "/calendar/links").then().statusCode(200)
                    .extract().jsonPath().getList("id", String.class);
            return links == null || links.isEmpty() ? null : links.get(0);
        }, found -> found != null);
        ids.put("calendar link", link);
        Instant start = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        Map<String, Object> event = Map.of("title", "Isolation check", "startsAt", start.toString(),
                "endsAt", start.plus(1, ChronoUnit.HOURS).toString());
        Map<String, Object> command = new LinkedHashMap<>(event);
        command.put("crmEventId", "crm-" + admin.user());
        ids.put("calendar command", given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body(command)
                .post(calendar + "/calendar/events").then().statusCode(202).extract().path("id"));
        ids.put("crm event", "crm-" + admin.user());
        ids.put("calendar batch", given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(Map.of("operation", "create", "items", List.of(Map.of("crmEventId", "crm-b-" + admin.user(), "event", event))))
                .post(calendar + "/calendar/batches").then().statusCode(202).extract().path("id"));
        ids.put("sync run", given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body(Map.of())
                .post(calendar + "/calendar/links/" + link + "/syncs").then().statusCode(org.hamcrest.Matchers.oneOf(200, 202))
                .extract().path("id"));

        Connection key = TokenServiceConnections.connectMailchimpKey(admin, dataCentre);
        ids.put("mailchimp connection", key.id());
        String audience = SandboxMailchimp.createAudience(dataCentre, "Isolation " + admin.tenant());
        SandboxMailchimp.seedMembers(audience, List.of(Map.of("email", admin.user() + "@example.com", "status", "subscribed")));
        given().auth().oauth2(admin.adminToken()).contentType(ContentType.JSON).body(Map.of("connectionId", key.id()))
                .put(mailchimp + "/mailchimp/audiences/{id}/link", audience).then().statusCode(201);
        ids.put("mailchimp audience", audience);

        save(token + "/connection-policy", Map.of("allowedProviders", List.of("google", "microsoft", "mailchimp", "mapbox"),
                "apiKeysRequireAdmin", true));
        save(calendar + "/calendar/settings", Map.of("pastDays", 7, "futureDays", 90, "direction", "import_only"));
        save(mailchimp + "/mailchimp/settings", Map.of("doubleOptIn", false, "tagPrefix", "iso-"));
        save(status + "/status/attention-policy", Map.of("failuresBeforeAttention", 5, "notifyTenantAdmins", false));
        given().auth().oauth2(admin.token()).get(status + "/integrations/status").then().statusCode(200);
    }

    private void save(String url, Map<String, Object> settings) {
        given().auth().oauth2(admin.adminToken()).contentType(ContentType.JSON).body(settings).put(url).then().statusCode(200);
    }
}
