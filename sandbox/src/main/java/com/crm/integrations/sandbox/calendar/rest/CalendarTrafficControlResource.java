package com.crm.integrations.sandbox.calendar.rest;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.crm.integrations.sandbox.calendar.ThrottleRule;
import com.crm.integrations.sandbox.calendar.service.CalendarRequestLog;
import com.crm.integrations.sandbox.calendar.service.CalendarTraffic;
import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.provider.Provider;

import io.smallrye.common.annotation.NonBlocking;

/**
 * The calendar stand-ins' control over an account's traffic: throttle rules, the concurrency limit and the highest
 * concurrency seen, Graph's replays, and the requests received. In memory: event loop.
 */
@Path("/control/calendar")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class CalendarTrafficControlResource {

    private static final String ACCOUNT = CalendarControlResource.ACCOUNT;

    private final CalendarTraffic traffic;
    private final CalendarRequestLog log;

    CalendarTrafficControlResource(CalendarTraffic traffic, CalendarRequestLog log) {
        this.traffic = traffic;
        this.log = log;
    }

    /** 201 and the rule: the account's next requests get the provider's throttling answer. */
    @POST
    @Path(ACCOUNT + "/throttles")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addThrottle(@RestPath String provider, @RestPath String account, ThrottleRequest request) {
        Provider p = CalendarControlResource.provider(provider);
        ThrottleRequest body = CalendarControlResource.required(request);
        ThrottleRule rule = ThrottleRule.of(p, body.status(), body.reason(), body.retryAfter(), body.times(), body.seconds(), body.after());
        return Response.status(201).entity(traffic.addThrottle(p, account, rule)).build();
    }

    @GET
    @Path(ACCOUNT + "/throttles")
    public Map<String, List<CalendarTraffic.ThrottleView>> throttles(@RestPath String provider, @RestPath String account) {
        return Map.of("throttles", traffic.throttles(CalendarControlResource.provider(provider), account));
    }

    @DELETE
    @Path(ACCOUNT + "/throttles")
    public void clearThrottles(@RestPath String provider, @RestPath String account) {
        traffic.clearThrottles(CalendarControlResource.provider(provider), account);
    }

    /** {@code {"limit", "inFlight", "highest"}}: {@code highest} is the most requests of the account ever in flight at once. */
    @GET
    @Path(ACCOUNT + "/concurrency")
    public CalendarTraffic.Concurrency concurrency(@RestPath String provider, @RestPath String account) {
        return traffic.concurrency(CalendarControlResource.provider(provider), account);
    }

    @PUT
    @Path(ACCOUNT + "/concurrency")
    @Consumes(MediaType.APPLICATION_JSON)
    public CalendarTraffic.Concurrency setConcurrencyLimit(@RestPath String provider, @RestPath String account, LimitRequest request) {
        Integer limit = CalendarControlResource.required(request).limit();
        if (limit != null && (limit < 0 || limit > 1000)) {
            throw new InvalidRequestException("limit must be between 0 (none) and 1000");
        }
        return traffic.setLimit(CalendarControlResource.provider(provider), account, limit == null || limit == 0 ? null : limit);
    }

    /** Graph only: the account's next {@code pages} delta pages also carry again the items of the page sent before. */
    @POST
    @Path("/microsoft/accounts/{account}/replays")
    @Consumes(MediaType.APPLICATION_JSON)
    public void replay(@RestPath String account, ReplayRequest request) {
        Integer pages = CalendarControlResource.required(request).pages();
        if (pages == null || pages < 1 || pages > 1000) {
            throw new InvalidRequestException("pages must be between 1 and 1000");
        }
        traffic.addReplays(Provider.MICROSOFT, account, pages);
    }

    /** The account's requests numbered after {@code since} (default 0), in arrival order. */
    @GET
    @Path(ACCOUNT + "/requests")
    public CalendarRequestLog.Listing accountRequests(@RestPath String provider, @RestPath String account, @RestQuery String since) {
        return log.list(CalendarControlResource.provider(provider), account, since(since));
    }

    /** Every request to the provider's calendar API, those without a valid token included ({@code account} null). */
    @GET
    @Path("/{provider}/requests")
    public CalendarRequestLog.Listing requests(@RestPath String provider, @RestQuery String since) {
        return log.list(CalendarControlResource.provider(provider), null, since(since));
    }

    static long since(String since) {
        if (since == null) {
            return 0;
        }
        try {
            long value = Long.parseLong(since);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        throw new InvalidRequestException("since must be a request number, 0 or more");
    }
}
