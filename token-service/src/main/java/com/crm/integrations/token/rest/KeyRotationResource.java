package com.crm.integrations.token.rest;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

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
import com.crm.integrations.token.KeyRotation;
import com.crm.integrations.token.service.KeyRotationService;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.smallrye.mutiny.Uni;

@Path("/admin/key-rotations")
@Tag(name = "Admin")
@Produces(MediaType.APPLICATION_JSON)
public class KeyRotationResource {

    private final KeyRotationService rotations;
    private final CallerContext caller;

    public KeyRotationResource(KeyRotationService rotations, CallerContext caller) {
        this.rotations = rotations;
        this.caller = caller;
    }

    /** A key rotation run and what remains. */
    @Schema(name = "KeyRotation")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RotationView(String id, @Schema(description = "The active key every token is re-sealed under") String targetKeyId,
            @Schema(description = "running, completed or failed (start another run to resume)") String status,
            long resealedRows, Instant startedAt, Instant finishedAt, String requestedBy, String error,
            @Schema(description = "Stored tokens per key id now; when only the target is left, older keys may be removed") Map<String, Long> tokensByKey) {
    }

    @POST
    @Operation(summary = "Re-seal every stored token under the active key (operators)",
            description = "Add the new key to INTEGRATIONS_TOKEN_ENCRYPTION_KEYS, make it active, restart, then call this. The run "
                    + "is stored; a worker on any replica re-seals in batches while the service serves; tokens under the old key "
                    + "still read meanwhile. A replica that stops or dies leaves the run to another. When tokensByKey lists "
                    + "only the new key, remove the old one.")
    @APIResponse(responseCode = "202", description = "Started; follow Location for progress")
    public Uni<Response> startKeyRotation() {
        return caller.current().chain(who -> rotations.start(who.subject()))
                .map(run -> Response.accepted(view(run, null)).location(URI.create("/admin/key-rotations/" + run.id())).build());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A key rotation's progress (operators)")
    @APIResponse(responseCode = "200", description = "The run and the stored tokens per key id")
    @APIResponse(responseCode = "404", description = "No such run")
    public Uni<RotationView> getKeyRotation(@PathParam("id") UUID id) {
        return rotations.progress(id).map(progress -> view(progress.run(), progress.tokensByKey()));
    }

    private static RotationView view(KeyRotation run, Map<String, Long> tokensByKey) {
        return new RotationView(run.id().toString(), run.targetKeyId(), run.status().wireName(), run.resealedRows(), run.startedAt(),
                run.finishedAt().orElse(null), run.requestedBy(), run.error().orElse(null), tokensByKey);
    }
}
