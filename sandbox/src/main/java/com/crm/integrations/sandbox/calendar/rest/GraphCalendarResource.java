package com.crm.integrations.sandbox.calendar.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestPath;

import com.crm.integrations.sandbox.calendar.service.GraphCalendarReads;
import com.crm.integrations.sandbox.calendar.service.GraphCalendarWrites;
import com.crm.integrations.sandbox.calendar.service.GraphCall;
import com.crm.integrations.sandbox.calendar.service.GraphEventList;
import com.crm.integrations.sandbox.provider.rest.ProviderAnswers;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.ext.web.RoutingContext;

/**
 * Microsoft Graph's calendar, {@code https://graph.microsoft.com/v1.0/me}, under {@code /graph/v1.0/me}: calendars,
 * {@code calendarView/delta} (default calendar or one calendar), event listings, and event create, get, PATCH and DELETE
 * (PROVIDERS.md §4). The gate ({@link CalendarGateRoute}) has checked the bearer token. In memory: event loop, but for
 * delta pages and event listings.
 */
@Path("/graph/v1.0/me")
@NonBlocking
public class GraphCalendarResource {

    private final GraphCalendarReads reads;
    private final GraphEventList lists;
    private final GraphCalendarWrites writes;

    GraphCalendarResource(GraphCalendarReads reads, GraphEventList lists, GraphCalendarWrites writes) {
        this.reads = reads;
        this.lists = lists;
        this.writes = writes;
    }

    @GET
    @Path("/calendars")
    public Response calendars(@Context HttpHeaders headers, @Context UriInfo uri, @Context RoutingContext rc) {
        return CalendarJson.ok(reads.calendars(call(headers, uri, rc)));
    }

    /** On a worker thread, as the per-calendar one: a page may be large. */
    @GET
    @Path("/calendarView/delta")
    @Blocking
    public Response delta(@Context HttpHeaders headers, @Context UriInfo uri, @Context RoutingContext rc) {
        return CalendarJson.ok(reads.delta(call(headers, uri, rc), null, uri.getQueryParameters()));
    }

    @GET
    @Path("/calendars/{calendarId}/calendarView/delta")
    @Blocking
    public Response calendarDelta(@RestPath String calendarId, @Context HttpHeaders headers, @Context UriInfo uri,
            @Context RoutingContext rc) {
        return CalendarJson.ok(reads.delta(call(headers, uri, rc), calendarId, uri.getQueryParameters()));
    }

    /** 201 and the event; a repeated {@code transactionId} gets the event it made. */
    @POST
    @Path("/events")
    @Consumes(MediaType.WILDCARD)
    public Response create(String body, @Context HttpHeaders headers, @Context UriInfo uri, @Context RoutingContext rc) {
        return ProviderAnswers.api(writes.create(call(headers, uri, rc), null, body));
    }

    @POST
    @Path("/calendars/{calendarId}/events")
    @Consumes(MediaType.WILDCARD)
    public Response createIn(@RestPath String calendarId, String body, @Context HttpHeaders headers, @Context UriInfo uri,
            @Context RoutingContext rc) {
        return ProviderAnswers.api(writes.create(call(headers, uri, rc), calendarId, body));
    }

    /** The default calendar's single events and series masters; {@code $filter} on an extended property, {@code $expand}. */
    @GET
    @Path("/events")
    @Blocking
    public Response list(@Context HttpHeaders headers, @Context UriInfo uri, @Context RoutingContext rc) {
        return CalendarJson.ok(lists.list(call(headers, uri, rc), null, uri.getQueryParameters()));
    }

    @GET
    @Path("/calendars/{calendarId}/events")
    @Blocking
    public Response listIn(@RestPath String calendarId, @Context HttpHeaders headers, @Context UriInfo uri, @Context RoutingContext rc) {
        return CalendarJson.ok(lists.list(call(headers, uri, rc), calendarId, uri.getQueryParameters()));
    }

    /** {@code $expand} may ask for one extended property. */
    @GET
    @Path("/events/{eventId}")
    public Response get(@RestPath String eventId, @Context HttpHeaders headers, @Context UriInfo uri, @Context RoutingContext rc) {
        return CalendarJson.ok(reads.get(call(headers, uri, rc), eventId, uri.getQueryParameters()));
    }

    @PATCH
    @Path("/events/{eventId}")
    @Consumes(MediaType.WILDCARD)
    public Response patch(@RestPath String eventId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String body,
            @Context HttpHeaders headers, @Context UriInfo uri, @Context RoutingContext rc) {
        return CalendarJson.ok(writes.patch(call(headers, uri, rc), eventId, ifMatch, body));
    }

    /** 204, empty. */
    @DELETE
    @Path("/events/{eventId}")
    public Response delete(@RestPath String eventId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Context HttpHeaders headers,
            @Context UriInfo uri, @Context RoutingContext rc) {
        writes.delete(call(headers, uri, rc), eventId, ifMatch);
        return Response.noContent().build();
    }

    private static GraphCall call(HttpHeaders headers, UriInfo uri, RoutingContext rc) {
        return new GraphCall(CalendarGateRoute.caller(rc).account(), headers.getRequestHeader("Prefer"),
                headers.getHeaderString("client-request-id"), uri.getBaseUri().toString(), rc.normalizedPath());
    }
}
