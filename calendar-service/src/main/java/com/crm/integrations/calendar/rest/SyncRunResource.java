package com.crm.integrations.calendar.rest;

import java.net.URI;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.crm.integrations.calendar.service.SyncRuns;
import com.crm.integrations.calendar.service.SyncWorker;
import com.crm.integrations.common.security.CallerContext;

import io.smallrye.mutiny.Uni;

@Path("/calendar/links/{id}/syncs")
@Tag(name = "Calendar sync runs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SyncRunResource {

    private final SyncRuns runs;
    private final SyncWorker worker;
    private final CallerContext caller;

    public SyncRunResource(SyncRuns runs, SyncWorker worker, CallerContext caller) {
        this.runs = runs;
        this.worker = worker;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Sync the link now")
    @APIResponse(responseCode = "202", description = "A run started; Location names it")
    @APIResponse(responseCode = "200", description = "A run was already going; Location names it")
    @APIResponse(responseCode = "404", description = "No such link for the caller")
    @APIResponse(responseCode = "409", description = "The link is paused, disabled or ended")
    public Uni<Response> requestSync(@PathParam("id") UUID linkId, SyncRequest body) {
        boolean allowMassDelete = body != null && Boolean.TRUE.equals(body.allowMassDelete());
        return caller.current().chain(who -> runs.request(who, linkId, allowMassDelete))
                .invoke(worker::wake)
                .map(requested -> Response.status(requested.started() ? Response.Status.ACCEPTED : Response.Status.OK)
                        .location(URI.create("/calendar/links/" + linkId + "/syncs/" + requested.run().id))
                        .entity(SyncRunView.of(requested.run())).build());
    }

    @GET
    @Path("{runId}")
    @Operation(summary = "One sync run of the link")
    @APIResponse(responseCode = "200", description = "The run")
    @APIResponse(responseCode = "404", description = "No such link or run for the caller")
    public Uni<SyncRunView> getSyncRun(@PathParam("id") UUID linkId, @PathParam("runId") UUID runId) {
        return caller.current().chain(who -> runs.find(who, linkId, runId)).map(SyncRunView::of);
    }
}
