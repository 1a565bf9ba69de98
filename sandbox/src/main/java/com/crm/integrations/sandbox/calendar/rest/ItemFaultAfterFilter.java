package com.crm.integrations.sandbox.calendar.rest;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import com.crm.integrations.sandbox.calendar.service.ItemAnswer;
import com.crm.integrations.sandbox.calendar.service.ItemFaults;

import io.vertx.ext.web.RoutingContext;

/**
 * An item-fault rule with {@code "when": "after"} on a single calendar call: the endpoint did its work (stored the
 * write), then its answer becomes the rule's error, nothing of it kept. Runs before {@code AfterEndpointFilter} (response
 * filters run from the highest priority down), so a path's {@code after} fault rule still has the last word.
 */
public class ItemFaultAfterFilter {

    @ServerResponseFilter(priority = Priorities.USER + 10)
    public void replaceWithItemFault(ContainerResponseContext response, RoutingContext rc) {
        ItemFaults.Hit fault = CalendarGateRoute.itemFaultAfter(rc);
        if (fault == null) {
            return;
        }
        response.getHeaders().clear();
        response.setStatus(fault.answer().status());
        response.setEntity(fault.answer().body(), null, MediaType.valueOf(CalendarJson.JSON_UTF8));
        fault.answer().headers().forEach(response.getHeaders()::putSingle);
        response.getHeaders().putSingle(ItemAnswer.FAULT_HEADER, fault.ruleId());
    }
}
