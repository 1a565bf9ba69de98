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
 * token-service's OAuth browser flow with the sandbox's consent page, disconnecting it, and making it need
 * re-authentication the way that happens in production. Everything goes through token-service's public and
 * admin APIs and the sandbox's controls, never its tables.
 *
 * <pre>
 * TestUser ana = TestUser.fresh();
 * TokenServiceConnections.Connection google = TokenServiceConnections.connect(ana, "google");
 * given().auth().oauth2(SandboxTokens.service("calendar-service"))
 *         .get(TokenServiceConnections.url() + "/internal/connections/" + google.id() + "/access-token")...
 * </pre>
 */
public final class TokenServiceConnections {

    /** The OAuth providers whose connections can be made to need re-authentication: those that refresh their tokens. */
    public static final Set<String> REFRESHING_PROVIDERS = Set.of("google", "microsoft");

    private static final Duration WAIT = Duration.ofSeconds(60);

    private TokenServiceConnections() {
    }

    /**
     * A connection token-service holds.
     *
     * @param id       the connection id (token-service's, what {@code connection.changed} events and {@code /internal} name)
     * @param provider {@code google}, {@code microsoft} or {@code mailchimp}
     * @param account  the provider account that consented (its login at the sandbox's stand-in)
     * @param owner    the CRM user who connected it
     */
    public record Connection(String id, String provider, String account, TestUser owner) {
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
        String startUrl = given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .when().post(url() + "/connections/" + provider + "/authorizations")
                .then().statusCode(201).extract().path("startUrl");
        Response start = given().urlEncodingEnabled(false).redirects().follow(false).when().get(startUrl);
        assertEquals(302, start.statusCode(), () -> "start URL answer: " + start.body().asString());
        URI authorize = URI.create(start.getHeader("Location"));
        String consent = SandboxConsent.consentId(SandboxConsent.authorize(authorize.toString()));
        String consentUrl = authorize.getScheme() + "://" + authorize.getRawAuthority() + "/" + provider + "/consent";
        Response approved = SandboxConsent.decide(consentUrl, consent, "approve", SandboxConsent.as(account, null));
        assertEquals(302, approved.statusCode(), () -> "consent answer: " + approved.body().asString());
        Response callback = given().urlEncodingEnabled(false).redirects().follow(false).cookies(start.getCookies())
                .when().get(approved.getHeader("Location"));
        assertEquals(302, callback.statusCode(), () -> "callback answer: " + callback.body().asString());
        Map<String, String> outcome = query(URI.create(callback.getHeader("Location")));
        assertTrue(List.of("connected", "reconnected").contains(outcome.get("outcome")), () -> "OAuth outcome: " + outcome);
        return new Connection(outcome.get("connection"), provider, account, user);
    }

    /** The connection as its owner sees it ({@code GET /connections/{id}}): {@code status}, {@code account.login}, … */
    public static JsonPath view(Connection connection) {
        return given().auth().oauth2(connection.owner().token()).when().get(url() + "/connections/" + connection.id())
                .then().statusCode(200).extract().jsonPath();
    }

    /** {@code active}, {@code needs_reauth}, {@code misconfigured} or {@code revoked}. */
    public static String status(Connection connection) {
        return view(connection).getString("status");
    }

    /**
     * Disconnects as its owner does ({@code DELETE /connections/{id}}): revoked at the provider where it can be
     * (Google), the stored tokens destroyed, status {@code revoked}, {@code connection.changed} published.
     *
     * @return what happened at the provider: {@code revoked}, {@code not_supported} (Microsoft, Mailchimp), …
     */
    public static String disconnect(Connection connection) {
        return given().auth().oauth2(connection.owner().token()).when().delete(url() + "/connections/" + connection.id())
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
