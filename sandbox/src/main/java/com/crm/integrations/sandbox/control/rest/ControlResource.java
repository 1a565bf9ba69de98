package com.crm.integrations.sandbox.control.rest;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Event;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.crm.integrations.sandbox.control.ActiveRule;
import com.crm.integrations.sandbox.control.PathPattern;
import com.crm.integrations.sandbox.control.Rule;
import com.crm.integrations.sandbox.control.SandboxReset;
import com.crm.integrations.sandbox.control.service.FaultControl;
import com.crm.integrations.sandbox.error.InvalidRequestException;

import io.smallrye.common.annotation.NonBlocking;

/**
 * The fault-control API: rules that fail or delay the sandbox's other endpoints, and counts
 * of the calls they received. In memory only, so it runs on the event loop.
 */
@Path("/control")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class ControlResource {

    private final FaultControl control;
    private final Event<SandboxReset> resets;

    ControlResource(FaultControl control, Event<SandboxReset> resets) {
        this.control = control;
        this.resets = resets;
    }

    /** Drops the rules and counts, and every stand-in's state (grants, consents, keys, token errors, clock offset). */
    @POST
    @Path("/reset")
    public void reset() {
        control.reset();
        resets.fire(new SandboxReset());
    }

    @POST
    @Path("/faults")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addFault(FaultRequest request) {
        return created(required(request).toRule());
    }

    @POST
    @Path("/latency")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addLatency(LatencyRequest request) {
        return created(required(request).toRule());
    }

    @GET
    @Path("/rules")
    public List<RuleView> rules() {
        return control.rules().stream().map(RuleView::of).toList();
    }

    @DELETE
    @Path("/rules/{id}")
    public void removeRule(@RestPath String id) {
        control.remove(id);
    }

    /** With {@code path} (exact or a prefix ending in {@code *}): its count; without: every path's. */
    @GET
    @Path("/calls")
    public Object calls(@RestQuery String path) {
        if (path == null) {
            return Map.of("calls", control.calls());
        }
        return new CallCount(path, control.calls(new PathPattern(path)));
    }

    private Response created(Rule rule) {
        ActiveRule active = control.add(rule);
        return Response.created(URI.create("/control/rules/" + active.id())).entity(RuleView.of(active)).build();
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw new InvalidRequestException("a JSON body is required");
        }
        return body;
    }
}
