package com.crm.integrations.calendar.rest;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.crm.integrations.calendar.CalendarLink;
import com.crm.integrations.calendar.service.CalendarLinks;
import com.crm.integrations.calendar.service.LinkCalendars;
import com.crm.integrations.common.security.CallerContext;
import com.crm.integrations.common.settings.IfMatch;

import io.smallrye.mutiny.Uni;

@Path("/calendar/links")
@Tag(name = "Calendar links")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CalendarLinkResource {

    private final CalendarLinks links;
    private final LinkCalendars calendars;
    private final CallerContext caller;

    public CalendarLinkResource(CalendarLinks links, LinkCalendars calendars, CallerContext caller) {
        this.links = links;
        this.calendars = calendars;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The caller's calendar links (a tenant admin's: the tenant's), oldest first")
    @APIResponse(responseCode = "200", description = "One page of links")
    @APIResponse(responseCode = "422", description = "page or size out of range")
    public Uni<List<LinkView>> listLinks(@QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        return caller.current().chain(who -> links.list(who, page, size))
                .map(found -> found.stream().map(LinkView::of).toList());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One calendar link and how its sync stands")
    @APIResponse(responseCode = "200", description = "The link; its ETag goes back in If-Match to update it")
    @APIResponse(responseCode = "404", description = "No such link for the caller")
    public Uni<Response> getLink(@PathParam("id") UUID id) {
        return caller.current().chain(who -> links.find(who, id)).map(CalendarLinkResource::withTag);
    }

    @GET
    @Path("{id}/calendars")
    @Operation(summary = "The calendars of the link's account, from the provider")
    @APIResponse(responseCode = "200", description = "The account's calendars")
    @APIResponse(responseCode = "404", description = "No such link for the caller")
    @APIResponse(responseCode = "409", description = "The link's connection cannot be used until the user reconnects")
    @APIResponse(responseCode = "503", description = "The provider or token-service cannot be reached now; retry after Retry-After")
    public Uni<List<ProviderCalendarView>> listCalendars(@PathParam("id") UUID id) {
        return caller.current().chain(who -> calendars.of(who, id))
                .map(found -> found.stream().map(ProviderCalendarView::of).toList());
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Pick the calendar the link syncs, or pause and resume it")
    @APIResponse(responseCode = "200", description = "The link as it is now")
    @APIResponse(responseCode = "404", description = "No such link for the caller")
    @APIResponse(responseCode = "409", description = "The link ended with its connection")
    @APIResponse(responseCode = "412", description = "If-Match names another version of the link")
    @APIResponse(responseCode = "422", description = "A field is missing or invalid, or the account has no such calendar")
    public Uni<Response> updateLink(@PathParam("id") UUID id, @Valid @NotNull LinkUpdate update,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return caller.current().chain(who -> calendars.pick(who, id, update.calendarId())
                .chain(picked -> links.update(who, id, picked.id(), picked.name(), update.paused(), IfMatch.parse(ifMatch))))
                .map(CalendarLinkResource::withTag);
    }

    private static Response withTag(CalendarLink link) {
        return Response.ok(LinkView.of(link)).tag(new EntityTag(Long.toString(link.version))).build();
    }
}
