package com.crm.integrations.calendar.rest;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.resteasy.reactive.RestMulti;

import com.crm.integrations.calendar.CalendarCommand;
import com.crm.integrations.calendar.service.BatchJobs;
import com.crm.integrations.calendar.service.BatchStreams;
import com.crm.integrations.common.security.CallerContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Batch jobs (docs/calendar-batches.md): stored whole after every item was checked, answered 202 with the job's
 * {@code Location}, sent by the batch worker; read, cancelled and retried here.
 */
@Path("/")
@Tag(name = "Calendar batches")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CalendarBatchResource {

    private static final String KEY_PATTERN = "[\\x21-\\x7E]{1,200}";

    private final BatchJobs jobs;
    private final BatchStreams streams;
    private final CallerContext caller;
    private final ObjectMapper json;
    private final Clock clock;

    public CalendarBatchResource(BatchJobs jobs, BatchStreams streams, CallerContext caller, ObjectMapper json, Clock clock) {
        this.jobs = jobs;
        this.streams = streams;
        this.caller = caller;
        this.json = json;
        this.clock = clock;
    }

    @POST
    @Path("calendar/batches")
    @Operation(summary = "Start a batch job: create, update, delete or move up to 5,000 events of one calendar link")
    @APIResponse(responseCode = "202", description = "Stored; Location names the job")
    @APIResponse(responseCode = "200", description = "Stored before under this Idempotency-Key")
    @APIResponse(responseCode = "404", description = "No such link for the caller")
    @APIResponse(responseCode = "409", description = "The tenant syncs import_only, the link ended, or the key was used for another job")
    @APIResponse(responseCode = "413", description = "The body is over 4 MiB")
    @APIResponse(responseCode = "422", description = "An item or field is invalid (each named); nothing was stored or sent")
    public Uni<Response> submitBatch(@NotNull BatchRequest body, @HeaderParam("Idempotency-Key") @Parameter(
            description = "The job's key: the same request repeated with it is one job") @Pattern(regexp = KEY_PATTERN) String key) {
        return caller.current().chain(who -> jobs.submit(who, body.order(), key))
                .map(submitted -> Response.status(submitted.isNew() ? Response.Status.ACCEPTED : Response.Status.OK)
                        .location(URI.create("/calendar/batches/" + submitted.batch().id))
                        .entity(BatchView.of(submitted.batch(), clock)).build());
    }

    @GET
    @Path("calendar/batches")
    @Operation(summary = "The caller's batch jobs (a tenant admin: the tenant's), newest first")
    public Uni<List<BatchView>> batches(@QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return caller.current().chain(who -> jobs.list(who, limit))
                .map(batches -> batches.stream().map(batch -> BatchView.of(batch, clock)).toList());
    }

    @GET
    @Path("calendar/batches/{id}")
    @Operation(summary = "One batch job: its state, counts, times and rate")
    @APIResponse(responseCode = "404", description = "No such job for the caller")
    public Uni<BatchView> batch(@PathParam("id") UUID id) {
        return caller.current().chain(who -> jobs.find(who, id)).map(batch -> BatchView.of(batch, clock));
    }

    @GET
    @Path("calendar/batches/{id}/items")
    @Operation(summary = "The job's items in its order, a page at a time, optionally only those of one status")
    @APIResponse(responseCode = "404", description = "No such job for the caller")
    public Uni<BatchItemView.Page> batchItems(@PathParam("id") UUID id,
            @QueryParam("status") @Parameter(description = "pending, succeeded, failed or cancelled (default: all)")
            @Pattern(regexp = "pending|succeeded|failed|cancelled") String status,
            @QueryParam("after") @Parameter(description = "Items after this place in the job (the last page's last seq)")
            @DefaultValue("-1") @Min(-1) int after,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        BatchJobs.ItemFilter filter = status == null ? BatchJobs.ItemFilter.ALL : BatchJobs.ItemFilter.valueOf(status.toUpperCase());
        return caller.current().chain(who -> jobs.items(who, id, filter, after, limit)).map(items -> {
            List<BatchItemView> views = items.stream().map(BatchItemView::of).toList();
            String next = null;
            if (items.size() == limit) {
                CalendarCommand last = items.get(items.size() - 1);
                next = "/calendar/batches/" + id + "/items?" + (status == null ? "" : "status=" + status + "&") + "after=" + last.batchSeq
                        + "&limit=" + limit;
            }
            return new BatchItemView.Page(views, next);
        });
    }

    @GET
    @Path("calendar/batches/{id}/progress")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "The job's progress as Server-Sent Events: each step (event id = its sequence), then the final one")
    @APIResponse(responseCode = "200", description = "The stream; it closes after the job's final step, or when the caller's token"
            + " expires (reconnect with a fresh token and Last-Event-ID)")
    @APIResponse(responseCode = "404", description = "No such job for the caller")
    public Multi<OutboundSseEvent> batchProgress(@PathParam("id") UUID id, @HeaderParam("Last-Event-ID") @Parameter(
            description = "The last event id received: the stream goes on after it") @Pattern(regexp = "[0-9]{1,18}") String lastEventId,
            @Context Sse sse) {
        long after = lastEventId == null ? 0 : Long.parseLong(lastEventId);
        return RestMulti.fromUniResponse(caller.current().chain(who -> jobs.find(who, id))
                .chain(batch -> caller.tokenExpiry().map(expiry -> new Followed(batch.id, batch.total,
                        batch.state.isFinished() && after >= batch.progressSeq, expiry.orElse(null)))),
                followed -> followed.over() ? Multi.createFrom().empty()
                        : streams.follow(followed.id(), after, followed.closeAt()).map(item -> event(sse, followed.total(), item)));
    }

    /** A stream about to start: the job, and when the caller's token stops it. */
    private record Followed(UUID id, int total, boolean over, Instant closeAt) {
    }

    /** A step as an SSE event ({@code progress}, the last {@code completed}), a heartbeat as a comment. */
    private OutboundSseEvent event(Sse sse, int total, BatchStreams.Item item) {
        if (item instanceof BatchStreams.Item.Progress progress) {
            BatchStreams.Step step = progress.step();
            ProgressView view = new ProgressView(step.seq(), step.state(), total, step.succeeded(), step.failed(), step.cancelled(),
                    step.pending(), step.recordedAt());
            try {
                return sse.newEventBuilder().id(Long.toString(step.seq())).name(step.last() ? "completed" : "progress")
                        .mediaType(MediaType.APPLICATION_JSON_TYPE).data(json.writeValueAsString(view)).build();
            } catch (JsonProcessingException impossible) {
                throw new IllegalStateException("A progress step cannot be written as JSON", impossible);
            }
        }
        return sse.newEventBuilder().comment("heartbeat").build();
    }

    /** One step of a job, as a progress event carries it. */
    @Schema(name = "CalendarBatchProgress")
    public record ProgressView(long seq, String state, int total, int succeeded, int failed, int cancelled, int pending,
            Instant recordedAt) {
    }

    @POST
    @Path("calendar/batches/{id}/cancellation")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Stop sending the job's items; what was done is reported, the rest is cancelled")
    @APIResponse(responseCode = "200", description = "The job as it stands (items being sent now still finish)")
    @APIResponse(responseCode = "404", description = "No such job for the caller")
    public Uni<BatchView> cancelBatch(@PathParam("id") UUID id) {
        return caller.current().chain(who -> jobs.cancel(who, id)).map(batch -> BatchView.of(batch, clock));
    }

    @POST
    @Path("calendar/batches/{id}/retries")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Send the job's failed, retryable items again (only those)")
    @APIResponse(responseCode = "200", description = "The job as it stands")
    @APIResponse(responseCode = "404", description = "No such job for the caller")
    public Uni<BatchView> retryBatch(@PathParam("id") UUID id) {
        return caller.current().chain(who -> jobs.retry(who, id)).map(batch -> BatchView.of(batch, clock));
    }
}
