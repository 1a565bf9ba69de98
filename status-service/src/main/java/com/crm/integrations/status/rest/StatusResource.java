package com.crm.integrations.status.rest;

import java.util.Optional;

import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.crm.integrations.common.security.CallerContext;
import com.crm.integrations.status.IntegrationsStatus;
import com.crm.integrations.status.service.StatusService;
import com.crm.integrations.status.service.StatusService.Scope;
import com.crm.integrations.status.service.StatusStreams;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

@Path("/integrations/status")
@Tag(name = "Integration status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    private static final CacheControl REVALIDATE = CacheControl.valueOf("private, no-cache");

    private final StatusService status;
    private final StatusStreams streams;
    private final CallerContext caller;
    private final Sse sse;

    public StatusResource(StatusService status, StatusStreams streams, CallerContext caller, @Context Sse sse) {
        this.status = status;
        this.streams = streams;
        this.caller = caller;
        this.sse = sse;
    }

    @GET
    @Operation(summary = "Every integration the tenant allows: the caller's connections and the tenant's, or every user's",
            description = "Served from status-service's projection of the siblings' events (docs/status.md). Send the ETag back"
                    + " in If-None-Match to get 304 while nothing changed.")
    @APIResponse(responseCode = "200", description = "The cards, with an ETag",
            content = @Content(schema = @Schema(implementation = IntegrationsStatus.class)))
    @APIResponse(responseCode = "304", description = "If-None-Match names the current ETag: nothing changed")
    @APIResponse(responseCode = "403", description = "scope=tenant asked by someone who is not a tenant admin, or a token without a tenant")
    @APIResponse(responseCode = "422", description = "scope is neither user nor tenant")
    public Uni<Response> get(
            @Parameter(description = "user (default): the caller's own and the tenant's connections; tenant: every user's (tenant admins)")
            @QueryParam("scope") @Pattern(regexp = "user|tenant", message = "must be user or tenant") String scope,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        Scope asked = "tenant".equals(scope) ? Scope.TENANT : Scope.USER;
        return caller.current().chain(who -> status.view(who, asked)).map(view -> {
            if (matches(ifNoneMatch, view.etag())) {
                return Response.notModified(view.etag()).cacheControl(REVALIDATE).build();
            }
            return Response.ok(view.body(), MediaType.APPLICATION_JSON_TYPE).tag(view.etag()).cacheControl(REVALIDATE).build();
        });
    }

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @StreamAccess.Checked
    @Operation(summary = "The same view, live: a snapshot, then every card as it changes (Server-Sent Events)",
            description = "Events: snapshot (the whole view), integration (one card), expired (the token expired; the stream"
                    + " ends); a heartbeat comment every 15 s. Each event's id is the change log's sequence number: send it back"
                    + " as Last-Event-ID to resume (docs/status.md).")
    @APIResponse(responseCode = "200", description = "The stream")
    @APIResponse(responseCode = "403", description = "scope=tenant asked by someone who is not a tenant admin, or a token without a tenant")
    public Multi<OutboundSseEvent> stream(
            @Parameter(description = "user (default) or tenant (tenant admins)")
            @QueryParam("scope") @Pattern(regexp = "user|tenant", message = "must be user or tenant") String scope,
            @Parameter(description = "The id of the last event received, to resume after it")
            @HeaderParam("Last-Event-ID") String lastEventId) {
        Scope asked = "tenant".equals(scope) ? Scope.TENANT : Scope.USER;
        // StreamAccess checked the caller before the stream started: a refusal is an error response, not a broken stream.
        return caller.current().chain(who -> caller.tokenExpiry().map(expiry -> streams.open(who, asked, eventId(lastEventId), expiry)))
                .onItem().transformToMulti(events -> events).map(event -> {
                    OutboundSseEvent.Builder builder = sse.newEventBuilder();
                    if (event.comment() != null) {
                        return builder.comment(event.comment()).build();
                    }
                    if (event.id() != null) {
                        builder.id(event.id());
                    }
                    return builder.name(event.name()).mediaType(MediaType.TEXT_PLAIN_TYPE).data(event.data()).build();
                });
    }

    /** A Last-Event-ID this service could have sent: a sequence number; anything else is ignored (a snapshot follows). */
    static Optional<Long> eventId(String header) {
        if (header == null || !header.trim().matches("\\d{1,18}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(header.trim()));
    }

    /** Whether an If-None-Match header names this tag (or is {@code *}); weak comparison, as RFC 9110 says for it. */
    static boolean matches(String ifNoneMatch, EntityTag current) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("\"" + current.getValue() + "\"")) {
                return true;
            }
        }
        return false;
    }
}
