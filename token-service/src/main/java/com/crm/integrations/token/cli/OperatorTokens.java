package com.crm.integrations.token.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The operator token {@code refresh-tokens} calls token-service with: OAuth client credentials at the identity
 * provider's token endpoint (the operator client must be granted the {@code operator} group), or, against the
 * sandbox, a dev token with role {@code operator} and no tenant. Kept until shortly before it expires. Neither
 * the token nor the client secret is ever printed.
 */
final class OperatorTokens {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final long DEV_TOKEN_SECONDS = 3600;

    private final HttpClient http;
    private final ObjectMapper json;
    private final CliArguments args;
    private final Map<String, String> env;
    private final Clock clock;
    private String token;
    private Instant renewAt = Instant.MIN;

    OperatorTokens(HttpClient http, ObjectMapper json, CliArguments args, Map<String, String> env, Clock clock) {
        this.http = http;
        this.json = json;
        this.args = args;
        this.env = env;
        this.clock = clock;
    }

    /** A token valid for a while yet. */
    String current() {
        if (token == null || !clock.instant().isBefore(renewAt)) {
            fetch();
        }
        return token;
    }

    /** token-service refused the token (401): the next {@link #current()} fetches another. */
    void forget() {
        token = null;
    }

    private void fetch() {
        URI url = args.devToken() ? args.devTokenUrl() : args.clientCredentialsUrl();
        HttpRequest request = args.devToken() ? devTokenRequest(url) : clientCredentialsRequest(url);
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CommandFailure(ExitStatus.FAILED, "cannot reach the identity provider at " + url + ": " + Http.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(ExitStatus.FAILED, "interrupted while getting an operator token");
        }
        JsonNode body = Http.jsonOrNull(json, response.body());
        if (response.statusCode() != 200 || body == null || !body.hasNonNull("access_token")) {
            String error = body == null ? "" : body.path("error").asText(body.path("detail").asText(""));
            throw new CommandFailure(ExitStatus.FAILED, "the identity provider at " + url + " gave no operator token: HTTP "
                    + response.statusCode() + (error.isEmpty() ? "" : " " + error));
        }
        long lifetime = body.path("expires_in").asLong(300);
        token = body.get("access_token").asText();
        // Renewed when less than a quarter of its lifetime (at most 30 s) is left.
        renewAt = clock.instant().plusSeconds(Math.max(1, lifetime - Math.min(30, lifetime / 4)));
    }

    private HttpRequest clientCredentialsRequest(URI url) {
        CliArguments.ClientCredentials client = args.client().orElseThrow();
        String form = "grant_type=client_credentials" + client.scope().map(scope -> "&scope=" + encode(scope)).orElse("");
        // RFC 6749 §2.3.1: client_secret_basic, id and secret form-encoded first.
        String basic = Base64.getEncoder().encodeToString((encode(client.clientId()) + ":" + encode(client.clientSecret()))
                .getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private HttpRequest devTokenRequest(URI url) {
        Map<String, Object> body = Map.of("userId", devUser(), "roles", List.of("operator"), "expiresIn", DEV_TOKEN_SECONDS);
        return HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Http.write(json, body))).build();
    }

    /** The local user's name when it is a valid user id (the run's requestedBy), else {@code operator}. */
    private String devUser() {
        String user = env.getOrDefault("USER", "");
        return user.matches("[A-Za-z0-9._-]{1,64}") ? user : "operator";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
