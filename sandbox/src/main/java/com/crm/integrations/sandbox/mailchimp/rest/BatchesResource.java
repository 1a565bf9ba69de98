package com.crm.integrations.sandbox.mailchimp.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.crm.integrations.sandbox.mailchimp.Batch;
import com.crm.integrations.sandbox.mailchimp.service.Batches;
import com.crm.integrations.sandbox.mailchimp.service.MailchimpGate;

import io.smallrye.common.annotation.NonBlocking;

/**
 * Mailchimp's batch operations, {@code /mailchimp-api/{dc}/3.0/batches} (PROVIDERS.md §5.3): submit, poll, list. The
 * operations run later, on a worker; the batch names its results archive once finished. In memory: event loop.
 */
@Path("/mailchimp-api/{dc}/3.0/batches")
@NonBlocking
public class BatchesResource {

    private final MailchimpGate gate;
    private final Batches batches;

    BatchesResource(MailchimpGate gate, Batches batches) {
        this.gate = gate;
        this.batches = batches;
    }

    /** 200 and the batch, {@code pending}; 400 for a body without operations or with a malformed one. */
    @POST
    public Response submit(@RestPath String dc, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context UriInfo uri,
            String body) {
        String account = gate.require(dc, authorization);
        return MailchimpJson.ok(batches.view(batches.submit(dc, account, body), uri.getBaseUri().toString()));
    }

    /** {@code {"batches":[…],"total_items","_links"}}: the data centre's batches, oldest first. */
    @GET
    public Response list(@RestPath String dc, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context UriInfo uri,
            @RestQuery String count, @RestQuery String offset) {
        gate.require(dc, authorization);
        List<Batch> all = batches.inDc(dc);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("batches", batches.page(all, count, offset).stream().map(batch -> batches.view(batch, uri.getBaseUri().toString())).toList());
        body.put("total_items", all.size());
        body.put("_links", List.of());
        return MailchimpJson.ok(body);
    }

    /** The batch: its status, counts and, once finished, {@code response_body_url}. */
    @GET
    @Path("/{batchId}")
    public Response get(@RestPath String dc, @RestPath String batchId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context UriInfo uri) {
        gate.require(dc, authorization);
        return MailchimpJson.ok(batches.view(batches.get(dc, batchId), uri.getBaseUri().toString()));
    }
}
