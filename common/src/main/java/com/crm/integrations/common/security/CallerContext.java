package com.crm.integrations.common.security;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Who is calling, decided in this one place from the verified bearer token. Every tenant-scoped
 * query takes its tenant from {@link Caller#requireTenant()}, never from the request's path or body.
 *
 * <p>Authentication is lazy (so its failures reach the problem-details mappers), and the identity
 * is then only reachable without blocking through the deferred identity: hence a {@code Uni}.
 */
@ApplicationScoped
public class CallerContext {

    /** The claim that carries the caller's tenant in a user token. */
    public static final String TENANT_CLAIM = "tenant_id";

    private final CurrentIdentityAssociation identities;

    public CallerContext(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    public Uni<Caller> current() {
        return identities.getDeferredIdentity().map(CallerContext::toCaller);
    }

    /** When the caller's bearer token expires; empty for a caller without one (anonymous) or a token without {@code exp}. */
    public Uni<Optional<Instant>> tokenExpiry() {
        return identities.getDeferredIdentity().map(identity -> identity.getPrincipal() instanceof JsonWebToken token
                && token.getExpirationTime() > 0 ? Optional.of(Instant.ofEpochSecond(token.getExpirationTime())) : Optional.empty());
    }

    static Caller toCaller(SecurityIdentity identity) {
        String subject = identity.isAnonymous() ? null : identity.getPrincipal().getName();
        TenantId tenant = null;
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            subject = token.getSubject();
            Object claim = token.getClaim(TENANT_CLAIM);
            if (claim != null && TenantId.isValid(claim.toString())) {
                tenant = new TenantId(claim.toString());
            }
        }
        return new Caller(subject, tenant, identity.getRoles());
    }
}
