package com.crm.integrations.testing.services;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.crm.integrations.testing.IntegrationInfrastructure;
import com.crm.integrations.testing.contract.SandboxConsent;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.contract.TestUser;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A test's hands on the real token-service that {@link IntegrationInfrastructure} started (init arg
 * {@value IntegrationInfrastructure#TOKEN_SERVICE_ARG}): connecting a test user's provider account through
 * token-service's OAuth browser flow with the sandbox's consent page, connecting the tenant with an API key as
 * its admin, reading a connection as its owner or as a sibling service does, disconnecting it, and making it
 * need re-authentication the way that happens in production. Everything goes through token-service's public,
 * internal and admin APIs and the sandbox's controls, never its tables.
 *
 * <pre>
 * TestUser ana = TestUser.fresh();
 * TokenServiceConnections.Connection google = TokenServiceConnections.connect(ana, "google");
 * given().auth().oauth2(SandboxTokens.service("calendar-service"))
 *         .get(TokenServiceConnections.url() + "/internal/connections/" + google.id() + "/access-token")...
 * TokenServiceConnections.Connection key = TokenServiceConnections.connectMailchimpKey(ana);   // ana as tenant admin
 * TokenServiceConnections.facts(key).getString("apiEndpoint");   // mailchimpApiEndpoint(MAILCHIMP_DATA_CENTRE)
 * </pre>
 */
public final class TokenServiceConnections {

    /** The OAuth providers whose connections can be made to need re-authentication: those that refresh their tokens. */
    public static final Set<String> REFRESHING_PROVIDERS = Set.of("google", "microsoft");

    /**
     * The data centre of the sandbox's Mailchimp accounts (its {@code sandbox.mailchimp.dc}): where an account that
     * consents without choosing one lives, and where {@link #connectMailchimpKey(TestUser)} makes its key.
     */
    public static final String MAILCHIMP_DATA_CENTRE = "us21";

    /** {@link Connection#kind()} of a connection made through the provider's OAuth flow. */
    public static final String OAUTH = "oauth";
    /** {@link Connection#kind()} of the tenant's API-key connection. */
    public static final String API_KEY = "api_key";

    private static final Duration WAIT = Duration.ofSeconds(60);

    private TokenServiceConnections() {
    }

    /**
     * A connection token-service holds.
     *
     * @param id       the connection id (token-service's, what {@code connection.changed} events and {@code /internal} name)
     * @param provider {@code google}, {@code microsoft} or {@code mailchimp}
     * @param account  the provider account that consented (its login at the sandbox's stand-in); {@code null} for an API key
     * @param owner    the CRM user who connected it (for an API key: the tenant admin who entered it; the tenant owns it)
     * @param kind     {@value #OAUTH} or {@value #API_KEY}
     */
    public record Connection(String id, String provider, String account, TestUser owner, String kind) {
    }

    /** token-service's base URL ({@value IntegrationInfrastructure#TOKEN_SERVICE_URL}). */
    public static String url() {
        return ConfigProvider.getConfig().getValue(IntegrationInfrastructure.TOKEN_SERVICE_URL, String.class);
    }

    /** Connects {@code user} to {@code provider} as the provider account {@link TestUser#email()}. */
    public static Connection connect(TestUser user, String provider) {
        return connect(user, provider, user.email());
    }

    /**
     * Connects {@code user} to {@code provider} ({@code google}, {@code microsoft}, {@code mailchimp}) as
     * {@code account}, as a browser does: the CRM asks token-service for a start URL, the browser opens it
     * (token-service sets its cookie and redirects to the sandbox's authorize page), the user approves on the
     * consent page, the stand-in redirects to token-service's callback, which stores the connection and
     * redirects to the return URL naming it. The same account again reconnects the same connection.
     */
    public static Connection connect(TestUser user, String provider, String account) {
        return connect(user, provider, account, Map.of());
    }

    /**
     * Connects {@code user} to Mailchimp through its OAuth flow, as the account {@link TestUser#email()} of data centre
     * {@code dataCentre} (chosen on the sandbox's consent page; {@link #connect(TestUser, String)} leaves the sandbox's
     * {@value #MAILCHIMP_DATA_CENTRE}). token-service names that data centre's {@link #mailchimpApiEndpoint}.
     */
    public static Connection connectMailchimp(TestUser user, String dataCentre) {
        return connect(user, "mailchimp", user.email(), Map.of("dc", dataCentre));
    }

    /**
     * Connects {@code admin}'s tenant to Mailchimp with a new API key of data centre {@value #MAILCHIMP_DATA_CENTRE}, made
     * at the sandbox as an account owner makes one in Mailchimp's UI, entered by {@code admin} as tenant admin. The
     * connection is the tenant's ({@code ownerUserId} null), its account unknown (no fingerprint), its API endpoint
     * {@link #mailchimpApiEndpoint}{@code (MAILCHIMP_DATA_CENTRE)}; the key is what token-service hands out as its token.
     */
    public static Connection connectMailchimpKey(TestUser admin) {
        return connectMailchimpKey(admin, MAILCHIMP_DATA_CENTRE);
    }

    /** As {@link #connectMailchimpKey(TestUser)}, with a key of data centre {@code dataCentre}. */
    public static Connection connectMailchimpKey(TestUser admin, String dataCentre) {
        return connectApiKey(admin, "mailchimp", SandboxControl.mailchimpKey(dataCentre));
    }

    /**
     * Enters {@code key} for {@code provider} ({@code mailchimp}: a key from {@link SandboxControl#mailchimpKey};
     * {@code mapbox}: a token from {@link SandboxControl#mapboxToken}) as {@code admin}, tenant admin
     * ({@code POST /connections/{provider}/api-keys}). token-service checks it with the provider first; a second key
     * replaces the tenant's live one in place (same connection id).
     */
    public static Connection connectApiKey(TestUser admin, String provider, String key) {
        Response answer = given().auth().oauth2(admin.adminToken()).contentType(ContentType.JSON).body(Map.of("key", key))
                .when().post(url() + "/connections/" + provider + "/api-keys");
        assertTrue(answer.statusCode() == 201 || answer.statusCode() == 200,
                () -> "API key answer " + answer.statusCode() + ": " + answer.body().asString());
        return new Connection(answer.path("id"), provider, null, admin, API_KEY);
    }

    /**
     * Mailchimp's API endpoint for {@code dataCentre} as token-service names it in the test resources (the sandbox's
     * stand-in, {@code <sandbox>/mailchimp-api/<dc>}; in production {@code https://<dc>.api.mailchimp.com}): the
     * {@code apiEndpoint} of {@link #facts} and of the access-token answer.
     */
    public static String mailchimpApiEndpoint(String dataCentre) {
        return SandboxControl.url() + "/mailchimp-api/" + dataCentre;
    }

    private static Connection connect(TestUser user, String provider, String account, Map<String, String> consentFields) {
        String startUrl = given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .when().post(url() + "/connections/" + provider + "/authorizations")
                .then().statusCode(201).extract().path("startUrl");
        Response start = given().urlEncodingEnabled(false).redirects().follow(false).when().get(startUrl);
        assertEquals(302, start.statusCode(), () -> "start URL answer: " + start.body().asString());
        URI authorize = URI.create(start.getHeader("Location"));
        String consent = SandboxConsent.consentId(SandboxConsent.authorize(authorize.toString()));
        String consentUrl = authorize.getScheme() + "://" + authorize.getRawAuthority() + "/" + provider + "/consent";
        Map<String, String> form = SandboxConsent.as(account, null);
        form.putAll(consentFields);
        Response approved = SandboxConsent.decide(consentUrl, consent, "approve", form);
        assertEquals(302, approved.statusCode(), () -> "consent answer: " + approved.body().asString());
        Response callback = given().urlEncodingEnabled(false).redirects().follow(false).cookies(start.getCookies())
                .when().get(approved.getHeader("Location"));
        assertEquals(302, callback.statusCode(), () -> "callback answer: " + callback.body().asString());
        Map<String, String> outcome = query(URI.create(callback.getHeader("Location")));
        assertTrue(List.of("connected", "reconnected").contains(outcome.get("outcome")), () -> "OAuth outcome: " + outcome);
        return new Connection(outcome.get("connection"), provider, account, user, OAUTH);
    }

    /** The connection as its owner sees it ({@code GET /connections/{id}}): {@code status}, {@code account.login}, … */
    public static JsonPath view(Connection connection) {
        return given().auth().oauth2(connection.owner().token()).when().get(url() + "/connections/" + connection.id())
                .then().statusCode(200).extract().jsonPath();
    }

    /**
     * The connection as a sibling service reads it ({@code GET /internal/connections/{id}}, with a client-credentials
     * token of the application under test, {@code quarkus.application.name}): {@code tenantId}, {@code provider},
     * {@code kind}, {@code ownerUserId}, {@code status}, {@code accountFingerprint}, {@code apiEndpoint}, …
     */
    public static JsonPath facts(Connection connection) {
        String service = ConfigProvider.getConfig().getValue("quarkus.application.name", String.class);
        return given().auth().oauth2(SandboxTokens.service(service)).when().get(url() + "/internal/connections/" + connection.id())
                .then().statusCode(200).extract().jsonPath();
    }

    /** {@code active}, {@code needs_reauth}, {@code misconfigured} or {@code revoked}. */
    public static String status(Connection connection) {
        return view(connection).getString("status");
    }

    /**
     * Disconnects as its owner does ({@code DELETE /connections/{id}}; an API key as the tenant admin who entered it):
     * revoked at the provider where it can be (Google), the stored tokens destroyed, status {@code revoked},
     * {@code connection.changed} published.
     *
     * @return what happened at the provider: {@code revoked}, {@code not_supported} (Microsoft, Mailchimp, API keys), …
     */
    public static String disconnect(Connection connection) {
        String token = API_KEY.equals(connection.kind()) ? connection.owner().adminToken() : connection.owner().token();
        return given().auth().oauth2(token).when().delete(url() + "/connections/" + connection.id())
                .then().statusCode(200).extract().path("providerRevocation");
    }

    /**
     * Makes a Google or Microsoft connection need re-authentication as it happens in production: the provider
     * starts refusing the account's refresh token ({@code invalid_grant} from the sandbox's stand-in, until
     * {@link #clearRefusal}), and token-service finds out when it next refreshes, here in a refresh run an
     * operator starts for the owner's tenant and provider (every token of theirs expiring within a day is
     * refreshed). Returns once the connection is {@code needs_reauth}: token-service has published
     * {@code connection.changed} (status {@code needs_reauth}) and {@code token.refresh-failed}, and its internal
     * API answers 409 for it.
     */
    public static void requireReauthentication(Connection connection) {
        if (!REFRESHING_PROVIDERS.contains(connection.provider())) {
            throw new IllegalArgumentException(connection.provider() + " tokens are not refreshed: only " + REFRESHING_PROVIDERS);
        }
        SandboxControl.tokenError(connection.provider(), connection.account(), "invalid_grant", null);
        String run = startRefreshRun(connection.owner().tenant(), connection.provider());
        String operator = SandboxTokens.operator("ops");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> !"running".equals(given().auth().oauth2(operator)
                .when().get(url() + "/admin/refresh-runs/" + run).then().statusCode(200).extract().path("status")));
        String status = status(connection);
        assertEquals("needs_reauth", status, () -> "connection " + connection.id() + " after refresh run " + run);
    }

    /** The provider accepts the account's refresh tokens again (a reconnect still needs {@link #connect}). */
    public static void clearRefusal(Connection connection) {
        SandboxControl.clearTokenErrors(connection.provider(), connection.account());
    }

    private static String startRefreshRun(String tenant, String provider) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("tenantId", tenant);
        request.put("provider", provider);
        request.put("window", "P1D");
        String operator = SandboxTokens.operator("ops");
        String[] id = new String[1];
        // 409: a run of the same scope is still going (another helper call for this tenant); it ends within seconds.
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            Response answer = given().auth().oauth2(operator).contentType(ContentType.JSON).body(request)
                    .when().post(url() + "/admin/refresh-runs");
            if (answer.statusCode() == 409) {
                return false;
            }
            answer.then().statusCode(202);
            id[0] = answer.path("id");
            return true;
        });
        return id[0];
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        if (uri.getRawQuery() == null) {
            return values;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            values.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }
}
