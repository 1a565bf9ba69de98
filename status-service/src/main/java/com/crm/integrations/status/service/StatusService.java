package com.crm.integrations.status.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.EntityTag;

import com.crm.integrations.common.problem.OperationForbiddenException;
import com.crm.integrations.common.security.Caller;
import com.crm.integrations.status.IntegrationsStatus;
import com.crm.integrations.status.config.StatusConfig;
import com.crm.integrations.status.repository.StatusFacts;
import com.crm.integrations.status.repository.StatusRows;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * A caller's view of the tenant's integrations, from the live generation of the projection (one read, no call to a
 * sibling): a user sees their own connections and the tenant's; a tenant admin may ask for every user's.
 */
@ApplicationScoped
public class StatusService {

    private final StatusRows rows;
    private final StatusCards cards;
    private final ObjectMapper json;
    private final Clock clock;

    public StatusService(StatusRows rows, StatusCards cards, ObjectMapper json, Clock clock) {
        this.rows = rows;
        this.cards = cards;
        this.json = json;
        this.clock = clock;
    }

    /** Whose cards a view holds. */
    public enum Scope {
        USER, TENANT;

        public String wireName() {
            return name().toLowerCase();
        }
    }

    /**
     * The caller's view.
     *
     * @throws OperationForbiddenException for {@link Scope#TENANT} asked by someone who is not a tenant admin
     */
    public Uni<View> view(Caller caller, Scope scope) {
        String tenant = caller.requireTenant().value();
        if (scope == Scope.TENANT && !caller.isTenantAdmin()) {
            throw new OperationForbiddenException("Only a tenant admin sees every user's integrations (scope=tenant).");
        }
        return view(tenant, scope, scope == Scope.TENANT ? null : caller.subject());
    }

    /** The view of {@code tenant}: {@code user}'s (and the tenant's own) connections, or every user's when {@code null}. */
    Uni<View> view(String tenant, Scope scope, String user) {
        return rows.facts(tenant, user).map(facts -> view(tenant, scope, user, facts));
    }

    private View view(String tenant, Scope scope, String user, StatusFacts facts) {
        IntegrationsStatus status = new IntegrationsStatus(tenant, scope.wireName(), user, cards.cards(facts, clock.instant()));
        String body = write(status);
        return new View(status, body, etag(body), facts.seq());
    }

    private String write(IntegrationsStatus status) {
        try {
            return json.writeValueAsString(status);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("Cannot write a status answer", impossible);
        }
    }

    /** A strong ETag over the answer's JSON (written once, for the tag and the body): equal answers, equal tags. */
    private static EntityTag etag(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return new EntityTag(HexFormat.of().formatHex(digest, 0, 16));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("Cannot tag a status answer", impossible);
        }
    }

    /**
     * An answer, its JSON (the body as sent), its tag, and the change log's sequence number it reflects (a stream's
     * event id).
     */
    public record View(IntegrationsStatus status, String body, EntityTag etag, long seq) {
    }

    /** The card rules with this deployment's settings, and the clock they read. */
    @Singleton
    static final class Setup {

        @Produces
        @Singleton
        StatusCards cards(StatusConfig config) {
            return new StatusCards(config.defaultProviders(), config.tokenOverdue());
        }
    }
}
