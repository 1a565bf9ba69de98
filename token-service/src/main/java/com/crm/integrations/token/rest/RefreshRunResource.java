package com.crm.integrations.token.rest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.crm.integrations.common.problem.InvalidInputException;
import com.crm.integrations.common.problem.Problem;
import com.crm.integrations.common.problem.ProblemType;
import com.crm.integrations.common.security.CallerContext;
import com.crm.integrations.token.RefreshReport;
import com.crm.integrations.token.RefreshRun;
import com.crm.integrations.token.service.RefreshRunConflictException;
import com.crm.integrations.token.service.RefreshRuns;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.smallrye.mutiny.Uni;

@Path("/admin/refresh-runs")
@Tag(name = "Admin")
@Produces(MediaType.APPLICATION_JSON)
public class RefreshRunResource {

    private static final String PATH = "/admin/refresh-runs/";

    private final RefreshRuns runs;
    private final CallerContext caller;

    public RefreshRunResource(RefreshRuns runs, CallerContext caller) {
        this.runs = runs;
        this.caller = caller;
    }

    /** What to refresh. Every field is optional. */
    @Schema(name = "RefreshRunRequest")
    public record RunRequest(
            @Schema(description = "Only this provider's connections") String provider,
            @Schema(description = "Only this tenant's connections") String tenantId,
            @Schema(description = "ISO-8601 duration: refresh every token expiring within it (e.g. PT24H, at most P7D); "
                    + "absent: the scheduled cycle's margin, within a quarter of each token's lifetime", example = "PT24H") String window,
            @Schema(description = "operator (default) or cli") String trigger,
            @Schema(description = "true: also refresh each misconfigured connection of the scope once, whatever its expiry and "
                    + "retry time, after the provider's app was fixed; one that refreshes becomes active (connection.changed), one "
                    + "still refused stays misconfigured. Default false: only active connections, as scheduled runs",
                    defaultValue = "false") Boolean includeMisconfigured) {
    }

    /** A run, and its report as it stands. */
    @Schema(name = "RefreshRun")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunView(String id, @Schema(description = "running, completed or failed") String status,
            @Schema(description = "schedule, operator or cli") String trigger, String requestedBy, String provider, String tenantId,
            @Schema(description = "Tokens expiring within this were due (ISO-8601)") String window, boolean windowExplicit,
            @Schema(description = "Misconfigured connections of the scope were taken too") boolean includeMisconfigured,
            Instant startedAt, Instant finishedAt, Long durationMs, String error,
            @Schema(description = "Connections by outcome: refreshed, needs_reauth, misconfigured, error, rate_limited, "
                    + "transient_failure, skipped_leased, skipped_breaker_open, skipped_retry_at, interrupted, in_flight")
            Map<String, Long> counts,
            Map<String, Map<String, Long>> byProvider,
            @Schema(description = "Per tenant, the tenants with most failures first (at most 100)") List<RefreshReport.TenantCounts> byTenant,
            Long tenantsTotal,
            @Schema(description = "The slowest refreshes") List<RefreshReport.SlowRefresh> slowest) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a refresh run now (operators)",
            description = "Every replica takes part; the run refreshes each due connection at most once. One run per scope "
                    + "(everything, a provider, a tenant, both) at a time. With includeMisconfigured it also brings back the "
                    + "scope's misconfigured connections once the provider's app is fixed.")
    @APIResponse(responseCode = "202", description = "Started; follow Location")
    @APIResponse(responseCode = "400", description = "Malformed JSON, or a field of the wrong type (includeMisconfigured not a boolean)")
    @APIResponse(responseCode = "409", description = "A run of the same scope is running; Location names it")
    @APIResponse(responseCode = "422", description = "Unknown provider, bad window or trigger")
    public Uni<Response> startRefreshRun(RunRequest request) {
        RunRequest asked = request == null ? new RunRequest(null, null, null, null, null) : request;
        RefreshRun.Trigger trigger = trigger(asked.trigger());
        Optional<Duration> window = window(asked.window());
        return caller.current()
                .chain(who -> runs.start(trigger, who.subject(), blankToEmpty(asked.provider()), blankToEmpty(asked.tenantId()), window,
                        Boolean.TRUE.equals(asked.includeMisconfigured())))
                .map(run -> Response.accepted(view(run, Optional.empty())).location(URI.create(PATH + run.id())).build())
                .onFailure(RefreshRunConflictException.class).recoverWithItem(failure -> {
                    RefreshRunConflictException conflict = (RefreshRunConflictException) failure;
                    Response.ResponseBuilder response = Response.status(Response.Status.CONFLICT).type(Problem.MEDIA_TYPE)
                            .entity(Problem.of(ProblemType.CONFLICT, conflict.getMessage(), "/admin/refresh-runs"));
                    return (conflict.runningId() == null ? response : response.header(HttpHeaders.LOCATION, PATH + conflict.runningId())).build();
                });
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A refresh run and its report (operators)")
    @APIResponse(responseCode = "200", description = "The run")
    @APIResponse(responseCode = "404", description = "No such run")
    public Uni<RunView> getRefreshRun(@PathParam("id") UUID id) {
        return runs.find(id).map(found -> view(found.run(), Optional.of(found.report())));
    }

    @GET
    @Operation(summary = "Refresh runs, newest first (operators)", description = "Without reports; read one run for its report.")
    public Uni<List<RunView>> listRefreshRuns(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return runs.list(page, size).map(list -> list.stream().map(run -> view(run, Optional.empty())).toList());
    }

    private static RefreshRun.Trigger trigger(String value) {
        if (value == null || value.isBlank() || "operator".equals(value)) {
            return RefreshRun.Trigger.OPERATOR;
        }
        if ("cli".equals(value)) {
            return RefreshRun.Trigger.CLI;
        }
        throw new InvalidInputException("trigger: must be operator or cli");
    }

    private static Optional<Duration> window(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.parse(value));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("window: not an ISO-8601 duration such as PT24H");
        }
    }

    private static Optional<String> blankToEmpty(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    private static RunView view(RefreshRun run, Optional<RefreshReport> report) {
        Long duration = run.finishedAt().map(end -> Duration.between(run.startedAt(), end).toMillis()).orElse(null);
        return new RunView(run.id().toString(), run.status().wireName(), run.trigger().wireName(), run.requestedBy(),
                run.provider().orElse(null), run.tenantId().orElse(null), run.window().toString(), run.windowExplicit(),
                run.includeMisconfigured(), run.startedAt(), run.finishedAt().orElse(null), duration, run.error().orElse(null),
                report.map(RefreshReport::counts).orElse(null),
                report.map(RefreshReport::byProvider).orElse(null), report.map(RefreshReport::byTenant).orElse(null),
                report.map(RefreshReport::tenantsTotal).orElse(null), report.map(RefreshReport::slowest).orElse(null));
    }
}
