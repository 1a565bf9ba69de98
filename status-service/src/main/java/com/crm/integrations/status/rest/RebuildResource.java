package com.crm.integrations.status.rest;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.crm.integrations.common.security.CallerContext;
import com.crm.integrations.status.repository.GenerationRows.Generation;
import com.crm.integrations.status.service.Rebuilds;

import io.smallrye.mutiny.Uni;

@Path("/admin/status/rebuilds")
@Tag(name = "Projection rebuilds (operators)")
@Produces(MediaType.APPLICATION_JSON)
public class RebuildResource {

    private final Rebuilds rebuilds;
    private final CallerContext caller;

    public RebuildResource(Rebuilds rebuilds, CallerContext caller) {
        this.rebuilds = rebuilds;
        this.caller = caller;
    }

    /** A generation of the projection, as operators see it. */
    @Schema(description = "A generation of the status projection")
    public record GenerationView(
            @Schema(description = "Its number") int generation,
            @Schema(description = "building (a rebuild fills it), live (reads go to it), retired (replaced), failed",
                    enumeration = {"building", "live", "retired", "failed"}) String state,
            @Schema(description = "When it was started") Instant startedAt,
            @Schema(description = "Who asked for it") String requestedBy,
            @Schema(description = "The consumer group its rebuild reads the topics under") String consumerGroup,
            @Schema(description = "Where each partition ended when the rebuild began (topic-partition: offset); null until known")
            Map<String, Object> endOffsets,
            @Schema(description = "Records the rebuild has read so far") long replayed,
            @Schema(description = "When reads switched to it") Instant switchedAt,
            @Schema(description = "When it was replaced or abandoned") Instant retiredAt,
            @Schema(description = "Why it failed, or that its rows were deleted") String detail) {

        static GenerationView of(Generation generation) {
            return new GenerationView(generation.generation(), generation.state(), generation.startedAt(), generation.requestedBy(),
                    generation.consumer(), generation.endOffsets() == null ? null : generation.endOffsets().getMap(),
                    generation.replayed(), generation.switchedAt(), generation.retiredAt(), generation.detail());
        }
    }

    @POST
    @Operation(summary = "Rebuild the projection from the topics, then switch reads to it (operators)",
            description = "A new generation is filled from the start of the three topics under a consumer group of its own;"
                    + " reads stay on the live one until it has caught up. Only events the topics still hold can be"
                    + " replayed (docs/status.md, \"Rebuilding\").")
    @APIResponse(responseCode = "202", description = "Started; Location follows it")
    @APIResponse(responseCode = "409", description = "A rebuild is running already")
    public Uni<Response> start() {
        return caller.current().chain(who -> rebuilds.start(who.subject() == null ? "operator" : who.subject()))
                .map(started -> Response.accepted(GenerationView.of(started))
                        .location(URI.create("/admin/status/rebuilds/" + started.generation())).build());
    }

    @GET
    @Operation(summary = "The projection's generations, newest first (operators)")
    public Uni<List<GenerationView>> list() {
        return rebuilds.list().map(all -> all.stream().map(GenerationView::of).toList());
    }

    @GET
    @Path("{generation}")
    @Operation(summary = "One generation: a rebuild's progress (operators)")
    @APIResponse(responseCode = "404", description = "No such generation")
    public Uni<GenerationView> find(@PathParam("generation") int generation) {
        return rebuilds.find(generation).map(GenerationView::of);
    }
}
