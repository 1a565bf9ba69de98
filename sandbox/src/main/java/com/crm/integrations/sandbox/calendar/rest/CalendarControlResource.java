package com.crm.integrations.sandbox.calendar.rest;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.crm.integrations.sandbox.calendar.EventEdit;
import com.crm.integrations.sandbox.calendar.EventSeed;
import com.crm.integrations.sandbox.calendar.OccurrenceEdit;
import com.crm.integrations.sandbox.calendar.service.CalendarControl;
import com.crm.integrations.sandbox.calendar.service.CalendarResets;
import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.error.NotFoundException;
import com.crm.integrations.sandbox.provider.Provider;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;

/**
 * The calendar stand-ins' control API, {@code /control/calendar/{provider}/accounts/{account}/…} with {@code provider}
 * {@code google} or {@code microsoft}: what a test does as the user in the provider's own calendar, and the stored
 * truth. Rules on the account's traffic are in {@link CalendarTrafficControlResource}. In memory: event loop, but for
 * seeding and listing, which may handle 10,000 events.
 */
@Path("/control/calendar")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class CalendarControlResource {

    static final String ACCOUNT = "/{provider}/accounts/{account}";

    private final CalendarControl control;
    private final CalendarResets resets;

    CalendarControlResource(CalendarControl control, CalendarResets resets) {
        this.control = control;
        this.resets = resets;
    }

    /** Forgets every calendar account, listing, rule and logged request (the rest of the sandbox stays). */
    @POST
    @Path("/reset")
    public void reset() {
        resets.resetCalendars();
    }

    @POST
    @Path(ACCOUNT + "/reset")
    public void resetAccount(@RestPath String provider, @RestPath String account) {
        control.resetAccount(provider(provider), account);
    }

    @POST
    @Path(ACCOUNT + "/calendars")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addCalendar(@RestPath String provider, @RestPath String account, CalendarRequest request) {
        CalendarRequest body = required(request);
        Map<String, Object> calendar = control.addCalendar(provider(provider), account, body.name(), body.timeZone());
        return created(provider, account, "/calendars/", calendar);
    }

    @GET
    @Path(ACCOUNT + "/calendars")
    public Map<String, List<Map<String, Object>>> calendars(@RestPath String provider, @RestPath String account) {
        return Map.of("calendars", control.calendars(provider(provider), account));
    }

    @POST
    @Path(ACCOUNT + "/events")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createEvent(@RestPath String provider, @RestPath String account, EventEdit request) {
        return created(provider, account, "/events/", control.create(provider(provider), account, required(request)));
    }

    /** Every event as stored, deleted ones included; {@code calendarId}: one calendar's only. */
    @GET
    @Path(ACCOUNT + "/events")
    @Blocking
    public Map<String, List<Map<String, Object>>> events(@RestPath String provider, @RestPath String account, @RestQuery String calendarId) {
        return Map.of("events", control.events(provider(provider), account, calendarId));
    }

    @PATCH
    @Path(ACCOUNT + "/events/{eventId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> editEvent(@RestPath String provider, @RestPath String account, @RestPath String eventId,
            @RestQuery String calendarId, EventEdit request) {
        return control.edit(provider(provider), account, calendarId, eventId, required(request));
    }

    @DELETE
    @Path(ACCOUNT + "/events/{eventId}")
    public void deleteEvent(@RestPath String provider, @RestPath String account, @RestPath String eventId, @RestQuery String calendarId) {
        control.delete(provider(provider), account, calendarId, eventId);
    }

    /** Cancels the occurrence of the series that originally starts at {@code originalStart}; 200 and the series. */
    @DELETE
    @Path(ACCOUNT + "/events/{eventId}/occurrences/{originalStart}")
    public Map<String, Object> cancelOccurrence(@RestPath String provider, @RestPath String account, @RestPath String eventId,
            @RestPath String originalStart, @RestQuery String calendarId) {
        return control.changeOccurrence(provider(provider), account, calendarId, eventId, originalStart, null);
    }

    /** Gives one occurrence its own title or time (an exception); 200 and the series. */
    @PATCH
    @Path(ACCOUNT + "/events/{eventId}/occurrences/{originalStart}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> changeOccurrence(@RestPath String provider, @RestPath String account, @RestPath String eventId,
            @RestPath String originalStart, @RestQuery String calendarId, OccurrenceEdit request) {
        return control.changeOccurrence(provider(provider), account, calendarId, eventId, originalStart, required(request));
    }

    /** 201 {@code {"count", "ids"}}; on a worker thread. */
    @POST
    @Path(ACCOUNT + "/events/seed")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    public Response seed(@RestPath String provider, @RestPath String account, EventSeed request) {
        List<String> ids = control.seed(provider(provider), account, required(request));
        return Response.status(201).entity(Map.of("count", ids.size(), "ids", ids)).build();
    }

    /** The account's sync tokens (Google) or delta tokens (Graph), and pages of changes listed from them, get 410 from now on. */
    @POST
    @Path(ACCOUNT + "/sync-tokens/expire")
    public void expireSyncTokens(@RestPath String provider, @RestPath String account) {
        control.expireSyncState(provider(provider), account);
    }

    static Provider provider(String prefix) {
        Provider provider = Provider.ofPrefix(prefix).orElse(null);
        if (provider != Provider.GOOGLE && provider != Provider.MICROSOFT) {
            throw new NotFoundException("no calendar stand-in '" + prefix + "': google or microsoft");
        }
        return provider;
    }

    static <T> T required(T body) {
        if (body == null) {
            throw new InvalidRequestException("a JSON body is required");
        }
        return body;
    }

    private static Response created(String provider, String account, String collection, Map<String, Object> entity) {
        URI location = URI.create("/control/calendar/" + provider + "/accounts/" + account.replace("@", "%40") + collection + entity.get("id"));
        return Response.created(location).entity(entity).build();
    }
}
