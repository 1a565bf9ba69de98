package com.crm.integrations.token.refresh;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.token.ProviderAccount;
import com.crm.integrations.token.ProviderDefinition;
import com.crm.integrations.token.Secret;
import com.crm.integrations.token.TokenGrant;
import com.crm.integrations.token.service.OAuthConnections;

import io.restassured.http.ContentType;
import io.smallrye.mutiny.Multi;

/**
 * Connections over real grants: the sandbox mints them ({@code POST /control/{standIn}/grants}, as if each
 * account had consented), and the callback's own store keeps each as one user's connection.
 */
public final class SeededGrants {

    /** Stores at most this many at once. */
    private static final int IN_FLIGHT = 16;

    private SeededGrants() {
    }

    /** A minted grant, as the sandbox answers it. */
    public record Minted(String account, String accountId, String accessToken, String refreshToken, long expiresIn) {
    }

    public static List<Minted> mint(String standIn, int count, String prefix) {
        return mint(Map.of("count", count, "accountPrefix", prefix), standIn);
    }

    /** As {@link #mint(String, int, String)}, with these scopes instead of the stand-in's usual ones. */
    public static List<Minted> mint(String standIn, int count, String prefix, List<String> scopes) {
        return mint(Map.of("count", count, "accountPrefix", prefix, "scopes", scopes), standIn);
    }

    private static List<Minted> mint(Map<String, Object> request, String standIn) {
        List<Map<String, Object>> grants = given().contentType(ContentType.JSON).body(request)
                .when().post(SandboxControl.url() + "/control/" + standIn + "/grants").then().statusCode(200).extract().path("grants");
        return grants.stream().map(grant -> new Minted((String) grant.get("account"), (String) grant.get("accountId"),
                (String) grant.get("accessToken"), (String) grant.get("refreshToken"), ((Number) grant.get("expiresIn")).longValue())).toList();
    }

    /** Stores each grant as the connection of its own user of {@code tenant} to {@code provider}; returns their ids. */
    public static List<UUID> store(OAuthConnections connections, ProviderDefinition provider, String tenant, List<Minted> grants) {
        return Multi.createFrom().iterable(grants).onItem().transformToUni(grant -> connections.store(tenant, "user-" + grant.account(),
                        provider, new TokenGrant(new Secret(grant.accessToken()), Optional.ofNullable(grant.refreshToken()).map(Secret::new),
                                Optional.of(Duration.ofSeconds(grant.expiresIn())), List.of(), Optional.empty()),
                        new ProviderAccount(Optional.ofNullable(grant.accountId()), Optional.of(grant.account()), Optional.empty(), Optional.empty()))
                        .map(stored -> stored.orElseThrow().connection().id()))
                .merge(IN_FLIGHT).collect().asList().await().atMost(Duration.ofMinutes(5));
    }
}
