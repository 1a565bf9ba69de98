package com.crm.integrations.sandbox.mailchimp.rest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.mailchimp.Batch;
import com.crm.integrations.sandbox.mailchimp.service.Batches;

import io.smallrye.common.annotation.NonBlocking;

/**
 * The batch operations' side of the control API: every batch of every data centre, and the pace of processing (how long
 * a batch stays {@code pending}, operations per second). Rooted at {@code /control} (see
 * {@link MailchimpListsControlResource}). In memory: event loop.
 */
@Path("/control")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class MailchimpBatchesControlResource {

    private static final String PROCESSING = "/mailchimp/batches/processing";

    private final Batches batches;

    MailchimpBatchesControlResource(Batches batches) {
        this.batches = batches;
    }

    /** {@code {"batches":[…]}}: each as the API shows it, with its {@code dc} and {@code account}, oldest first. */
    @GET
    @Path("/mailchimp/batches")
    public Map<String, Object> batches(@Context UriInfo uri) {
        return Map.of("batches", batches.all().stream().map(batch -> view(batch, uri)).toList());
    }

    /** {@code {"startDelayMillis","operationsPerSecond"}}: the pace in force. */
    @GET
    @Path(PROCESSING)
    public Map<String, Object> pace() {
        return view(batches.pace());
    }

    /** Changes the figures given; a reset restores the configured ones. */
    @PUT
    @Path(PROCESSING)
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> changePace(BatchPaceRequest request) {
        if (request == null) {
            throw new InvalidRequestException("a JSON body is required");
        }
        return view(batches.changePace(request.startDelayMillis() == null ? null : Duration.ofMillis(request.startDelayMillis()),
                request.operationsPerSecond()));
    }

    private Map<String, Object> view(Batch batch, UriInfo uri) {
        Map<String, Object> view = new LinkedHashMap<>(batches.view(batch, uri.getBaseUri().toString()));
        view.put("dc", batch.dc());
        view.put("account", batch.account());
        return view;
    }

    private static Map<String, Object> view(Batches.Pace pace) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("startDelayMillis", pace.startDelay().toMillis());
        body.put("operationsPerSecond", pace.operationsPerSecond());
        return body;
    }
}
