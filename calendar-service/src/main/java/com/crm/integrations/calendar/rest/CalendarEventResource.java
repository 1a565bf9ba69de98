package com.crm.integrations.calendar.rest;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.crm.integrations.calendar.service.EventCommands;
import com.crm.integrations.common.events.payload.CalendarCommandAction;
import com.crm.integrations.common.events.payload.CalendarEventCommandV1;
import com.crm.integrations.common.security.CallerContext;

import io.smallrye.mutiny.Uni;

/**
 * The CRM's commands as REST: the same as {@code calendar.commands}, stored and carried out by the same worker. Each
 * answers 202 with the stored command and its {@code Location}; a repeat with the same {@code Idempotency-Key}
 * answers 200 with the command the first request stored.
 */
// Rooted at "/" like CalendarSettingsResource: a root of "/calendar" would take /calendar/settings from it (JAX-RS picks
// the resource class by its longest matching path first).
@Path("/")
@Tag(name = "Calendar events")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CalendarEventResource {

    private static final String KEY_PATTERN = "[\\x21-\\x7E]{1,200}";

    private final EventCommands commands;
    private final CallerContext caller;

    public CalendarEventResource(EventCommands commands, CallerContext caller) {
        this.commands = commands;
        this.caller = caller;
    }

    @POST
    @Path("calendar/events")
    @Operation(summary = "Write a CRM activity's event into a user's calendar")
    @APIResponse(responseCode = "202", description = "Stored; Location names the command")
    @APIResponse(responseCode = "200", description = "Stored before under this Idempotency-Key")
    @APIResponse(responseCode = "403", description = "Another user's calendar, and the caller is no tenant admin")
    @APIResponse(responseCode = "409", description = "The tenant syncs import_only, or the key was used for another command")
    @APIResponse(responseCode = "422", description = "The event is invalid (each problem named)")
    public Uni<Response> create(@Valid @NotNull EventRequest body, @HeaderParam("Idempotency-Key") @Parameter(
            description = "The command's id: a repeat with it is carried out once") @Pattern(regexp = KEY_PATTERN) String key) {
        return caller.current()
                .chain(who -> commands.submit(who, CalendarCommandAction.CREATE, body.crmEventId(), body.userId(), body.linkId(),
                        body.provider(), body.fields(), key))
                .map(CalendarEventResource::answer);
    }

    @PATCH
    @Path("calendar/events/{crmEventId}")
    @Consumes({ MediaType.APPLICATION_JSON, "application/merge-patch+json" })
    @Operation(summary = "Change fields of a CRM activity's event")
    @APIResponse(responseCode = "202", description = "Stored; Location names the command")
    @APIResponse(responseCode = "200", description = "Stored before under this Idempotency-Key")
    @APIResponse(responseCode = "404", description = "The tenant has no event of this activity the caller may change")
    @APIResponse(responseCode = "409", description = "The tenant syncs import_only, or the key was used for another command")
    @APIResponse(responseCode = "422", description = "The change is invalid (each problem named)")
    public Uni<Response> update(@PathParam("crmEventId") @Size(max = CalendarEventCommandV1.CRM_EVENT_ID_MAX_LENGTH) String crmEventId,
            @NotNull EventChanges body, @HeaderParam("Idempotency-Key") @Pattern(regexp = KEY_PATTERN) String key) {
        return caller.current()
                .chain(who -> commands.submit(who, CalendarCommandAction.UPDATE, crmEventId, null, null, null, body.fields(), key))
                .map(CalendarEventResource::answer);
    }

    @DELETE
    @Path("calendar/events/{crmEventId}")
    @Operation(summary = "Remove a CRM activity's event from the calendar")
    @APIResponse(responseCode = "202", description = "Stored; Location names the command")
    @APIResponse(responseCode = "200", description = "Stored before under this Idempotency-Key")
    @APIResponse(responseCode = "404", description = "The tenant has no event of this activity the caller may remove")
    @APIResponse(responseCode = "409", description = "The tenant syncs import_only, or the key was used for another command")
    public Uni<Response> delete(@PathParam("crmEventId") @Size(max = CalendarEventCommandV1.CRM_EVENT_ID_MAX_LENGTH) String crmEventId,
            @HeaderParam("Idempotency-Key") @Pattern(regexp = KEY_PATTERN) String key) {
        return caller.current()
                .chain(who -> commands.submit(who, CalendarCommandAction.DELETE, crmEventId, null, null, null, null, key))
                .map(CalendarEventResource::answer);
    }

    @GET
    @Path("calendar/events/{crmEventId}")
    @Operation(summary = "A CRM activity's event, as calendar-service knows it")
    @APIResponse(responseCode = "200", description = "The event and the activity's latest command")
    @APIResponse(responseCode = "404", description = "The tenant has no event of this activity the caller may see")
    public Uni<ActivityEventView> get(@PathParam("crmEventId") String crmEventId) {
        return caller.current().chain(who -> commands.activity(who, crmEventId)).map(ActivityEventView::of);
    }

    @GET
    @Path("calendar/commands/{id}")
    @Operation(summary = "One CRM command and where it stands")
    @APIResponse(responseCode = "200", description = "The command")
    @APIResponse(responseCode = "404", description = "No such command for the caller")
    public Uni<CommandView> command(@PathParam("id") UUID id) {
        return caller.current().chain(who -> commands.command(who, id)).map(CommandView::of);
    }

    private static Response answer(EventCommands.Submitted submitted) {
        return Response.status(submitted.isNew() ? Response.Status.ACCEPTED : Response.Status.OK)
                .location(URI.create("/calendar/commands/" + submitted.command().id))
                .entity(CommandView.of(submitted.command())).build();
    }
}
