package com.crm.integrations.sandbox.mailchimp.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;

import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.mailchimp.service.MailchimpConnections;

import io.smallrye.common.annotation.NonBlocking;

/**
 * What the Marketing API stand-in decides per account, for the control API: the simultaneous connections of each account
 * (in flight, the most at once, the 429s answered) and the limit. Rooted at {@code /control} (see
 * {@link MailchimpListsControlResource}). In memory: event loop.
 */
@Path("/control")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class MailchimpAccountsControlResource {

    private static final String CONNECTIONS = "/mailchimp/connections";

    private final MailchimpConnections connections;

    MailchimpAccountsControlResource(MailchimpConnections connections) {
        this.connections = connections;
    }

    /** {@code {"limit","accounts":[{"account","limit","inFlight","peak","tooManyRequests"}]}}: every account seen. */
    @GET
    @Path(CONNECTIONS)
    public Map<String, Object> connections() {
        return view();
    }

    /** Another limit, for requests arriving from now on; a reset restores the configured one. */
    @PUT
    @Path(CONNECTIONS)
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> changeLimit(LimitRequest request) {
        if (request == null || request.limit() == null) {
            throw new InvalidRequestException("limit is required (0 for none)");
        }
        connections.changeLimit(request.limit());
        return view();
    }

    /** Peaks start again from the requests in flight now, 429 counts from zero. */
    @POST
    @Path(CONNECTIONS + "/reset")
    public void resetConnections() {
        connections.resetFigures();
    }

    /** {@code {"account","limit","inFlight","peak","tooManyRequests"}}; zeros for an account not seen. */
    @GET
    @Path("/mailchimp/accounts/{account}/connections")
    public MailchimpConnections.Usage accountConnections(@RestPath String account) {
        return connections.usage(account);
    }

    private Map<String, Object> view() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("limit", connections.limit());
        body.put("accounts", connections.all());
        return body;
    }
}
