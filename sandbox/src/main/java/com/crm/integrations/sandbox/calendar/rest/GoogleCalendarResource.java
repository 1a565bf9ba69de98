package com.crm.integrations.sandbox.calendar.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.crm.integrations.sandbox.calendar.service.GoogleCalendarReads;
import com.crm.integrations.sandbox.calendar.service.GoogleCalendarWrites;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.ext.web.RoutingContext;

/**
 * Google Calendar API v3, {@code https://www.googleapis.com/calendar/v3}, under {@code /google/calendar/v3}: the calendar
 * list, events.list, get, insert, patch, update and delete (PROVIDERS.md §2). The gate ({@link CalendarGateRoute}) has
 * checked the bearer token; bodies are read here as text so that a malformed one gets Google's {@code parseError}. In
 * memory: event loop, but for listings, which may be large.
 */
@Path("/google/calendar/v3")
@NonBlocking
public class GoogleCalendarResource {

    private final GoogleCalendarReads reads;
    private final GoogleCalendarWrites writes;

    GoogleCalendarResource(GoogleCalendarReads reads, GoogleCalendarWrites writes) {
        this.reads = reads;
        this.writes = writes;
    }

    @GET
    @Path("/users/me/calendarList")
    public Response calendarList(@Context RoutingContext rc) {
        return CalendarJson.ok(reads.calendarList(account(rc)));
    }

    /** On a worker thread: a page holds up to 2,500 events. */
    @GET
    @Path("/calendars/{calendarId}/events")
    @Blocking
    public Response list(@RestPath String calendarId, @Context UriInfo uri, @Context RoutingContext rc) {
        return CalendarJson.ok(reads.events(account(rc), calendarId, uri.getQueryParameters()));
    }

    /** 200 (not 201) and the event, as Google answers. */
    @POST
    @Path("/calendars/{calendarId}/events")
    @Consumes(MediaType.WILDCARD)
    public Response insert(@RestPath String calendarId, String body, @Context RoutingContext rc) {
        return CalendarJson.ok(writes.insert(account(rc), calendarId, body));
    }

    @GET
    @Path("/calendars/{calendarId}/events/{eventId}")
    public Response get(@RestPath String calendarId, @RestPath String eventId, @Context RoutingContext rc) {
        return CalendarJson.ok(reads.get(account(rc), calendarId, eventId));
    }

    @PATCH
    @Path("/calendars/{calendarId}/events/{eventId}")
    @Consumes(MediaType.WILDCARD)
    public Response patch(@RestPath String calendarId, @RestPath String eventId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            String body, @Context RoutingContext rc) {
        return CalendarJson.ok(writes.patch(account(rc), calendarId, eventId, ifMatch, body));
    }

    @PUT
    @Path("/calendars/{calendarId}/events/{eventId}")
    @Consumes(MediaType.WILDCARD)
    public Response update(@RestPath String calendarId, @RestPath String eventId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            String body, @Context RoutingContext rc) {
        return CalendarJson.ok(writes.update(account(rc), calendarId, eventId, ifMatch, body));
    }

    /** events.move: 200 and the event in {@code destination}, same id [mem]. */
    @POST
    @Path("/calendars/{calendarId}/events/{eventId}/move")
    @Consumes(MediaType.WILDCARD)
    public Response move(@RestPath String calendarId, @RestPath String eventId, @RestQuery String destination, @Context RoutingContext rc) {
        return CalendarJson.ok(writes.move(account(rc), calendarId, eventId, destination));
    }

    /** 204, empty. */
    @DELETE
    @Path("/calendars/{calendarId}/events/{eventId}")
    public Response delete(@RestPath String calendarId, @RestPath String eventId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Context RoutingContext rc) {
        writes.delete(account(rc), calendarId, eventId, ifMatch);
        return Response.noContent().build();
    }

    private static String account(RoutingContext rc) {
        return CalendarGateRoute.caller(rc).account();
    }
}
