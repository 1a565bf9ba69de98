package com.crm.integrations.common.security;

import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;

/**
 * The caller as {@link CallerContext} sees it, for common's tests of authentication: on a user path
 * (any valid token, checked once JAX-RS matched) and on an internal one (role {@code service}, checked
 * by the path rule before routing).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class CallerProbeResource {

    public record Seen(String subject, String tenant, Set<String> roles) {
    }

    private final CallerContext callers;

    public CallerProbeResource(CallerContext callers) {
        this.callers = callers;
    }

    @GET
    @Path("caller-probe")
    public Uni<Seen> caller() {
        return callers.current().map(CallerProbeResource::seen);
    }

    @GET
    @Path("internal/caller-probe")
    public Uni<Seen> service() {
        return callers.current().map(CallerProbeResource::seen);
    }

    private static Seen seen(Caller caller) {
        return new Seen(caller.subject(), caller.tenantId() == null ? null : caller.tenantId().value(), caller.roles());
    }
}
