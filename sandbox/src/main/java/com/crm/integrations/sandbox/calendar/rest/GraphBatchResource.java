package com.crm.integrations.sandbox.calendar.rest;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.crm.integrations.sandbox.calendar.service.GraphBatch;

import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;

/**
 * Microsoft Graph's JSON batching, {@code https://graph.microsoft.com/v1.0/$batch}, under {@code /graph/v1.0/$batch}
 * (PROVIDERS.md §4.4). The body is read as bytes, so that a malformed one gets Graph's 400 and the batch log keeps it as
 * it came. On a worker thread: up to 20 calls, delta pages among them.
 */
@Path("/graph/v1.0/$batch")
public class GraphBatchResource {

    private final GraphBatch batch;

    GraphBatchResource(GraphBatch batch) {
        this.batch = batch;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Blocking
    public Response batch(byte[] body, @Context HttpHeaders headers, @Context UriInfo uri, @Context RoutingContext rc) {
        Map<String, Object> answer = batch.answer(CalendarGateRoute.batchCaller(rc), new GraphBatch.Envelope(
                headers.getHeaderString(HttpHeaders.CONTENT_TYPE), body, uri.getBaseUri().toString(), headers.getHeaderString("client-request-id")));
        return CalendarJson.ok(answer);
    }
}
