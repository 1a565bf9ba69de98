package com.crm.integrations.sandbox.calendar.rest;

import java.security.SecureRandom;
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

import com.crm.integrations.sandbox.calendar.BatchOrder;
import com.crm.integrations.sandbox.calendar.ItemFaultRule;
import com.crm.integrations.sandbox.calendar.service.BatchLog;
import com.crm.integrations.sandbox.calendar.service.BatchOrders;
import com.crm.integrations.sandbox.calendar.service.ItemFaults;
import com.crm.integrations.sandbox.control.When;
import com.crm.integrations.sandbox.provider.Provider;

import io.smallrye.common.annotation.NonBlocking;

/**
 * The calendar stand-ins' control over batches: item-fault rules per account (a fraction of inner requests fail), the
 * batches received with their bodies as they came, and the order of a batch's answers. In memory: event loop.
 */
@Path("/control/calendar")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class BatchControlResource {

    private static final String ACCOUNT = CalendarControlResource.ACCOUNT;
    private static final SecureRandom SEEDS = new SecureRandom();

    private final ItemFaults faults;
    private final BatchLog batches;
    private final BatchOrders orders;

    BatchControlResource(ItemFaults faults, BatchLog batches, BatchOrders orders) {
        this.faults = faults;
        this.batches = batches;
        this.orders = orders;
    }

    /** 201 and the rule: a fraction of the account's inner batch requests (and single calls, if asked) fail. */
    @POST
    @Path(ACCOUNT + "/item-faults")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addItemFaults(@RestPath String provider, @RestPath String account, ItemFaultRequest request) {
        Provider p = CalendarControlResource.provider(provider);
        ItemFaultRequest body = CalendarControlResource.required(request);
        ItemFaultRule rule = ItemFaultRule.of(p, body.fraction(), body.status(), body.reason(), body.retryAfter(),
                body.seed() == null ? SEEDS.nextLong() : body.seed(), body.times(), When.of(body.when()), Boolean.TRUE.equals(body.singleCalls()));
        return Response.status(201).entity(faults.add(p, account, rule)).build();
    }

    @GET
    @Path(ACCOUNT + "/item-faults")
    public Map<String, List<ItemFaults.ItemFaultView>> itemFaults(@RestPath String provider, @RestPath String account) {
        return Map.of("itemFaults", faults.list(CalendarControlResource.provider(provider), account));
    }

    @DELETE
    @Path(ACCOUNT + "/item-faults")
    public void clearItemFaults(@RestPath String provider, @RestPath String account) {
        faults.clear(CalendarControlResource.provider(provider), account);
    }

    /** The batches received numbered after {@code since} (default 0), bodies as they came. */
    @GET
    @Path("/{provider}/batches")
    public BatchLog.Listing batches(@RestPath String provider, @RestQuery String since) {
        return batches.list(CalendarControlResource.provider(provider), CalendarTrafficControlResource.since(since));
    }

    @PUT
    @Path("/{provider}/batch-order")
    @Consumes(MediaType.APPLICATION_JSON)
    public BatchOrders.Setting setOrder(@RestPath String provider, BatchOrderRequest request) {
        BatchOrderRequest body = CalendarControlResource.required(request);
        return orders.set(CalendarControlResource.provider(provider), BatchOrder.of(body.order()), body.seed());
    }

    @GET
    @Path("/{provider}/batch-order")
    public BatchOrders.Setting order(@RestPath String provider) {
        return orders.get(CalendarControlResource.provider(provider));
    }
}
