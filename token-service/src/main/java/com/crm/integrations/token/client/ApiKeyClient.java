package com.crm.integrations.token.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.token.ApiKeyCheck;
import com.crm.integrations.token.ProviderAccount;
import com.crm.integrations.token.ProviderDefinition;
import com.crm.integrations.token.Secret;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * Checks an API key with its provider before anything is stored: Mailchimp's ping at the key's own
 * data centre, Mapbox's token check. A key the provider refuses is a {@link Check#invalid} value;
 * a provider that does not answer fails with a transient {@link ProviderCallException}.
 */
public class ApiKeyClient {

    /** Mailchimp keys: 32 hex digits, a dash, the data centre (PROVIDERS.md §5.2). */
    private static final Pattern MAILCHIMP_KEY = Pattern.compile("[0-9a-f]{32}-([a-z0-9]+)");
    /** Mapbox tokens: {@code pk|sk|tk} and two more dot-separated parts (PROVIDERS.md §7). */
    private static final Pattern MAPBOX_TOKEN = Pattern.compile("(pk|sk|tk)\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A check's outcome.
     *
     * @param reason       why the key was refused (safe to show: never the key)
     * @param providerCode the provider's code for the refusal (e.g. Mapbox's {@code TokenRevoked}), when refused
     */
    public record Check(boolean valid, String reason, String providerCode, ProviderAccount account, List<String> scopes) {

        static Check valid(ProviderAccount account, List<String> scopes) {
            return new Check(true, null, null, account, scopes);
        }

        static Check invalid(String reason) {
            return invalid(reason, "invalid_key");
        }

        static Check invalid(String reason, String providerCode) {
            return new Check(false, reason, providerCode, ProviderAccount.UNKNOWN, List.of());
        }
    }

    private final ProviderDefinition definition;
    private final ProviderDefinition.ApiKeys apiKeys;
    private final ProviderHttp http;
    private final Function<String, ProviderHttp> perDataCentre;

    ApiKeyClient(ProviderDefinition definition, ProviderHttp http, Function<String, ProviderHttp> perDataCentre) {
        this.definition = definition;
        this.apiKeys = definition.apiKeys().orElseThrow();
        this.http = http;
        this.perDataCentre = perDataCentre;
    }

    public Uni<Check> check(Secret key) {
        if (apiKeys.check() == ApiKeyCheck.MAILCHIMP_PING) {
            return mailchimpPing(key);
        }
        return mapboxCheck(key);
    }

    private Uni<Check> mailchimpPing(Secret key) {
        Matcher matcher = MAILCHIMP_KEY.matcher(key.reveal());
        if (!matcher.matches()) {
            return Uni.createFrom().item(Check.invalid("not a Mailchimp API key (32 hex digits, '-', data centre)"));
        }
        String dataCentre = matcher.group(1);
        Optional<URI> endpoint = apiKeys.apiEndpoint().orElseThrow().forDataCentre(dataCentre);
        if (endpoint.isEmpty()) {
            // No request leaves for a host that is not one of the provider's data centres.
            return Uni.createFrom().item(Check.invalid("'" + dataCentre + "' is not a Mailchimp data centre"));
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString(("anystring:" + key.reveal()).getBytes(StandardCharsets.UTF_8));
        ProviderAccount account = new ProviderAccount(Optional.empty(), Optional.empty(), Optional.of(dataCentre), endpoint);
        return perDataCentre.apply(dataCentre).get("ping", URI.create(endpoint.get() + "/3.0/ping"), basic)
                .map(answer -> Check.valid(account, List.of()))
                .onFailure(ProviderCallException.class).recoverWithUni(failure -> refusedOr((ProviderCallException) failure,
                        "Mailchimp refused the API key (" + ((ProviderCallException) failure).providerCode() + ")"));
    }

    private Uni<Check> mapboxCheck(Secret token) {
        if (!MAPBOX_TOKEN.matcher(token.reveal()).matches()) {
            return Uni.createFrom().item(Check.invalid("not a Mapbox token (pk./sk./tk. and two more parts)"));
        }
        return http.tokenCheck("token check", apiKeys.tokenCheckUrl().orElseThrow(), token.reveal())
                .map(answer -> mapboxAnswer(answer.body()))
                .onFailure(ProviderCallException.class).recoverWithUni(failure -> refusedOr((ProviderCallException) failure,
                        "Mapbox refused the token"));
    }

    private static Check mapboxAnswer(String body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (java.io.IOException e) {
            return Check.invalid("Mapbox answered something unreadable");
        }
        String code = json.path("code").asText("");
        if (!"TokenValid".equals(code)) {
            return Check.invalid("Mapbox says " + (code.isEmpty() ? "the token is not valid" : code), code.isEmpty() ? "invalid_token" : code);
        }
        JsonNode details = json.path("token");
        List<String> scopes = new ArrayList<>();
        details.path("scopes").forEach(scope -> scopes.add(scope.asText()));
        String user = details.path("user").asText(null);
        return Check.valid(new ProviderAccount(Optional.ofNullable(user), Optional.ofNullable(user), Optional.empty(),
                Optional.empty()), scopes);
    }

    /** A refusal (the key is bad) is a value; a provider that failed stays a failure. */
    private static Uni<Check> refusedOr(ProviderCallException failure, String reason) {
        if (failure.category() == FailureCategory.AUTH || failure.category() == FailureCategory.PERMANENT) {
            return Uni.createFrom().item(Check.invalid(reason, failure.providerCode() == null ? "http_" + failure.status()
                    : failure.providerCode()));
        }
        return Uni.createFrom().failure(failure);
    }
}
