package com.crm.integrations.sandbox.calendar.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.crm.integrations.sandbox.calendar.service.GoogleBatch;

import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;

/**
 * Google's HTTP batch for Calendar v3, {@code https://www.googleapis.com/batch/calendar/v3}, under
 * {@code /google/batch/calendar/v3} (PROVIDERS.md §2.4): {@code multipart/mixed} in, {@code multipart/mixed} out, each
 * part one Calendar call. On a worker thread: up to 1,000 calls.
 */
@Path("/google/batch/calendar/v3")
public class GoogleBatchResource {

    private final GoogleBatch batch;

    GoogleBatchResource(GoogleBatch batch) {
        this.batch = batch;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Blocking
    public Response batch(byte[] body, @Context HttpHeaders headers, @Context RoutingContext rc) {
        GoogleBatch.Reply reply = batch.answer(CalendarGateRoute.batchCaller(rc), new GoogleBatch.Envelope(
                headers.getHeaderString(HttpHeaders.CONTENT_TYPE), body, headers.getRequestHeaders(), rc.request().query()));
        return Response.ok(reply.body()).header(HttpHeaders.CONTENT_TYPE, reply.contentType()).build();
    }
}
