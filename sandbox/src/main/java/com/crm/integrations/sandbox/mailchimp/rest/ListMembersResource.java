package com.crm.integrations.sandbox.mailchimp.rest;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.crm.integrations.sandbox.mailchimp.service.MailchimpGate;
import com.crm.integrations.sandbox.mailchimp.service.MemberWrites;

import io.smallrye.common.annotation.NonBlocking;

/**
 * The API's member writes under {@code /mailchimp-api/{dc}/3.0/lists/{listId}} (PROVIDERS.md §5.3). Rooted where
 * {@link MailchimpApiResource} is: a longer root would hide its reads of the same paths. Bodies are read as text so that
 * one that is not JSON gets Mailchimp's {@code JSON Parse Error}. In memory: event loop.
 */
@Path("/mailchimp-api/{dc}/3.0")
@NonBlocking
public class ListMembersResource {

    private static final String MEMBER = "/lists/{listId}/members/{subscriberHash}";

    private final MailchimpGate gate;
    private final MemberWrites writes;

    ListMembersResource(MailchimpGate gate, MemberWrites writes) {
        this.gate = gate;
        this.writes = writes;
    }

    /** Adds or updates the member: 200 and the member as it is now. */
    @PUT
    @Path(MEMBER)
    public Response upsert(@RestPath String dc, @RestPath String listId, @RestPath String subscriberHash,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @RestQuery("skip_merge_validation") boolean skipMergeValidation,
            String body) {
        gate.require(dc, authorization);
        return MailchimpJson.ok(writes.upsert(dc, listId, subscriberHash, body, skipMergeValidation));
    }

    /** Adds a member: 200 and the member; 400 {@code Member Exists} for an address the audience has. */
    @POST
    @Path("/lists/{listId}/members")
    public Response add(@RestPath String dc, @RestPath String listId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @RestQuery("skip_merge_validation") boolean skipMergeValidation, String body) {
        gate.require(dc, authorization);
        return MailchimpJson.ok(writes.add(dc, listId, body, skipMergeValidation));
    }

    /** Batch subscribe: up to 500 members; 200 with what was created, updated and refused, member by member. */
    @POST
    @Path("/lists/{listId}")
    public Response batchSubscribe(@RestPath String dc, @RestPath String listId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @RestQuery("skip_merge_validation") boolean skipMergeValidation, String body) {
        gate.require(dc, authorization);
        return MailchimpJson.ok(writes.batchSubscribe(dc, listId, body, skipMergeValidation));
    }

    /** Adds ({@code active}) or removes ({@code inactive}) tags: 204; an unknown member 404. */
    @POST
    @Path(MEMBER + "/tags")
    public Response tags(@RestPath String dc, @RestPath String listId, @RestPath String subscriberHash,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        gate.require(dc, authorization);
        writes.tags(dc, listId, subscriberHash, body);
        return Response.noContent().build();
    }
}
