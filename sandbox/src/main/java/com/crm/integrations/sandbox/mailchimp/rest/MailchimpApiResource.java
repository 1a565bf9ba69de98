package com.crm.integrations.sandbox.mailchimp.rest;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.crm.integrations.sandbox.mailchimp.service.MailchimpGate;
import com.crm.integrations.sandbox.mailchimp.service.MarketingReads;

import io.smallrye.common.annotation.NonBlocking;

/**
 * The Marketing API of data centre {@code {dc}}, {@code https://{dc}.api.mailchimp.com/3.0}, under
 * {@code /mailchimp-api/{dc}/3.0}: ping, audiences and members. Every call needs an API key or OAuth token of that data
 * centre (Basic {@code anystring:<key>} or Bearer), else 401 problem JSON. In memory: event loop.
 */
@Path("/mailchimp-api/{dc}/3.0")
@NonBlocking
public class MailchimpApiResource {

    private final MailchimpGate gate;
    private final MarketingReads reads;

    MailchimpApiResource(MailchimpGate gate, MarketingReads reads) {
        this.gate = gate;
        this.reads = reads;
    }

    /** Mailchimp's credentials probe: {@code {"health_status": "Everything's Chimpy!"}}. */
    @GET
    @Path("/ping")
    public Response ping(@RestPath String dc, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        gate.require(dc, authorization);
        return MailchimpJson.ok(Map.of("health_status", "Everything's Chimpy!"));
    }

    /** The data centre's audiences, oldest first, paged by {@code count} (default 10, cut to 1000) and {@code offset}. */
    @GET
    @Path("/lists")
    public Response lists(@RestPath String dc, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @RestQuery String count,
            @RestQuery String offset) {
        gate.require(dc, authorization);
        return MailchimpJson.ok(reads.audiences(dc, count, offset));
    }

    /** One audience with its stats. */
    @GET
    @Path("/lists/{listId}")
    public Response list(@RestPath String dc, @RestPath String listId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        gate.require(dc, authorization);
        return MailchimpJson.ok(reads.audience(dc, listId));
    }

    /** An audience's members in the order they were added, paged, filtered by {@code status} and {@code since_last_changed}. */
    @GET
    @Path("/lists/{listId}/members")
    public Response members(@RestPath String dc, @RestPath String listId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @RestQuery String count, @RestQuery String offset, @RestQuery String status,
            @RestQuery("since_last_changed") String sinceLastChanged) {
        gate.require(dc, authorization);
        return MailchimpJson.ok(reads.members(dc, listId, count, offset, status, sinceLastChanged));
    }

    /** One member by subscriber hash: the lower-case hex MD5 of the trimmed, lower-cased address. */
    @GET
    @Path("/lists/{listId}/members/{subscriberHash}")
    public Response member(@RestPath String dc, @RestPath String listId, @RestPath String subscriberHash,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        gate.require(dc, authorization);
        return MailchimpJson.ok(reads.member(dc, listId, subscriberHash));
    }
}
