package com.crm.integrations.token.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * token-service's refresh-run API ({@code POST /admin/refresh-runs}, {@code GET /admin/refresh-runs/{id}}) with an
 * operator token. Every answer other than the expected one becomes a {@link CommandFailure} naming the status and
 * the problem's detail.
 */
final class RefreshRunsClient {

    static final String PATH = "/admin/refresh-runs";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final HttpClient http;
    private final ObjectMapper json;
    private final URI base;
    private final OperatorTokens tokens;

    RefreshRunsClient(HttpClient http, ObjectMapper json, URI base, OperatorTokens tokens) {
        this.http = http;
        this.json = json;
        this.base = base;
        this.tokens = tokens;
    }

    /**
     * Starts a run with trigger {@code cli}.
     *
     * @throws CommandFailure {@link ExitStatus#CONFLICT} naming the running run of the same scope; {@link ExitStatus#USAGE} for a 422
     */
    RunSnapshot start(CliArguments args) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trigger", "cli");
        args.window().ifPresent(window -> body.put("window", window));
        args.provider().ifPresent(provider -> body.put("provider", provider));
        args.tenant().ifPresent(tenant -> body.put("tenantId", tenant));
        if (args.includeMisconfigured()) {
            body.put("includeMisconfigured", true);
        }
        HttpResponse<String> response = send(() -> HttpRequest.newBuilder(url(PATH)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Http.write(json, body))));
        return switch (response.statusCode()) {
            case 202 -> snapshot(response);
            case 409 -> throw new CommandFailure(ExitStatus.CONFLICT, "a refresh run of the same scope is running: "
                    + runningId(response) + " (follow it: GET " + PATH + "/" + runningId(response) + ", or ask again once it finished)");
            case 400, 422 -> throw new CommandFailure(ExitStatus.USAGE, "token-service refused the request: " + problem(response));
            default -> throw refused(response);
        };
    }

    /** The run as it stands. */
    RunSnapshot get(String id) {
        HttpResponse<String> response = send(() -> HttpRequest.newBuilder(url(PATH + "/" + id)).timeout(TIMEOUT).GET());
        if (response.statusCode() != 200) {
            throw refused(response);
        }
        return snapshot(response);
    }

    /** Sends with the current operator token; once more with a new one when token-service answers 401 (the token expired). */
    private HttpResponse<String> send(Supplier<HttpRequest.Builder> request) {
        HttpResponse<String> response = sendOnce(request.get());
        if (response.statusCode() == 401) {
            tokens.forget();
            response = sendOnce(request.get());
        }
        return response;
    }

    private HttpResponse<String> sendOnce(HttpRequest.Builder request) {
        try {
            return http.send(request.header("Authorization", "Bearer " + tokens.current()).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CommandFailure(ExitStatus.FAILED, "cannot reach token-service at " + base + ": " + Http.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(ExitStatus.FAILED, "interrupted");
        }
    }

    private RunSnapshot snapshot(HttpResponse<String> response) {
        try {
            return json.readValue(response.body(), RunSnapshot.class);
        } catch (IOException e) {
            throw new CommandFailure(ExitStatus.FAILED, "token-service answered a run this command cannot read: " + e.getMessage());
        }
    }

    /** The running run's id: the last segment of {@code Location}, else unknown. */
    private static String runningId(HttpResponse<String> response) {
        return response.headers().firstValue("Location").map(location -> location.substring(location.lastIndexOf('/') + 1))
                .orElse("(not named)");
    }

    private CommandFailure refused(HttpResponse<String> response) {
        String hint = switch (response.statusCode()) {
            case 401 -> " (the operator token was not accepted: issuer, audience or signature)";
            case 403 -> " (the token lacks the operator group: grant it to the operator client)";
            default -> "";
        };
        return new CommandFailure(ExitStatus.FAILED, "token-service refused: " + problem(response) + hint);
    }

    /** {@code HTTP 422: window: must be …}: the status and the problem's detail, or its title. */
    private String problem(HttpResponse<String> response) {
        JsonNode body = Http.jsonOrNull(json, response.body());
        String detail = body == null ? "" : body.path("detail").asText(body.path("title").asText(""));
        return "HTTP " + response.statusCode() + (detail.isEmpty() ? "" : ": " + detail);
    }

    private URI url(String path) {
        return base.resolve((base.getPath() == null ? "" : base.getPath()) + path);
    }
}
