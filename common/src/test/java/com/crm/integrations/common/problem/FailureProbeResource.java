package com.crm.integrations.common.problem;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.hibernate.HibernateException;

import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * Fails as a transaction does when PostgreSQL goes away under it: Panache's transaction fails, its
 * rollback fails on the same lost connection, and Mutiny hands both on as one {@link CompositeException}
 * (the shape the reliability suite met: a 500 on {@code POST /calendar/links/{id}/syncs}).
 */
@Path("/failure-probe")
@Produces(MediaType.APPLICATION_JSON)
public class FailureProbeResource {

    @GET
    @Path("{kind}")
    public Uni<String> fail(@PathParam("kind") String kind) {
        ClosedConnectionException lost = ClosedConnectionException.INSTANCE;
        return Uni.createFrom().failure(switch (kind) {
            // Hibernate Reactive wraps the reactive client's failure
            case "lost-connection" -> new HibernateException(lost);
            case "lost-connection-then-rollback" -> new CompositeException(new HibernateException(lost), lost);
            case "not-found-then-rollback" -> new CompositeException(new ResourceNotFoundException("No link 42"), lost);
            case "bug-then-rollback" -> new CompositeException(new IllegalStateException("SELECT secret"), lost);
            default -> new IllegalArgumentException(kind);
        });
    }
}
