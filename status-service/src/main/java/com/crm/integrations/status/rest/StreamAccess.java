package com.crm.integrations.status.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.crm.integrations.common.problem.OperationForbiddenException;
import com.crm.integrations.common.security.CallerContext;

import io.smallrye.mutiny.Uni;

/**
 * Decides whether the caller may follow a stream before the stream starts: once it has, its status is sent, and a
 * refusal could only break it. Fails with the same problems the stream would (403 without a tenant, or for
 * {@code scope=tenant} asked by someone who is not a tenant admin).
 */
public class StreamAccess {

    /** Marks the stream endpoints this filter guards. */
    @NameBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ ElementType.METHOD, ElementType.TYPE })
    public @interface Checked {
    }

    private final CallerContext caller;

    public StreamAccess(CallerContext caller) {
        this.caller = caller;
    }

    @ServerRequestFilter
    @Checked
    public Uni<Void> check(ContainerRequestContext request) {
        String scope = request.getUriInfo().getQueryParameters().getFirst("scope");
        return caller.current().invoke(who -> {
            who.requireTenant();
            if ("tenant".equals(scope) && !who.isTenantAdmin()) {
                throw new OperationForbiddenException("Only a tenant admin follows every user's integrations (scope=tenant).");
            }
        }).replaceWithVoid();
    }
}
