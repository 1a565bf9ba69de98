package com.crm.integrations.sandbox.control.rest;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.control.FaultRule;
import com.crm.integrations.sandbox.control.Intervention;
import com.crm.integrations.sandbox.control.PathPattern;
import com.crm.integrations.sandbox.control.service.FaultControl;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Applies the fault-control rules to every request but {@code /control/**} and {@code /q/**},
 * as a Vert.x route ordered before every application route: counts the call, waits out a
 * latency rule on a timer, then answers with a fault rule's response or lets the request
 * through. Runs on the event loop and never blocks it.
 */
@Singleton
public class FaultInjectionRoute {

    /** After Quarkus' own early handlers (body handler, headers), before its upload limit and every application route. */
    public static final int ORDER = -10;

    /** On a response a latency rule held back: by how many milliseconds. */
    public static final String DELAY_HEADER = "X-Sandbox-Delay";

    /** On a response a fault rule gave: the rule's id. */
    public static final String FAULT_HEADER = "X-Sandbox-Fault";

    private final FaultControl control;

    FaultInjectionRoute(FaultControl control) {
        this.control = control;
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::intercept);
    }

    private void intercept(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (PathPattern.isUncontrolled(path)) {
            rc.next();
            return;
        }
        Intervention intervention = control.intercept(rc.request().method().name(), path);
        if (intervention.delayMillis() > 0) {
            // Says what the sandbox did, so a test need not infer it from the clock.
            rc.response().putHeader(DELAY_HEADER, Long.toString(intervention.delayMillis()));
            rc.vertx().setTimer(intervention.delayMillis(), timer -> proceed(rc, intervention));
        } else {
            proceed(rc, intervention);
        }
    }

    private static void proceed(RoutingContext rc, Intervention intervention) {
        if (rc.response().closed() || rc.response().ended()) {
            return; // the client gave up while we waited
        }
        FaultRule fault = intervention.faultRule();
        if (fault == null) {
            rc.next();
            return;
        }
        HttpServerResponse response = rc.response().setStatusCode(fault.status());
        response.putHeader(FAULT_HEADER, intervention.fault().id());
        if (fault.contentType() != null) {
            response.putHeader(HttpHeaders.CONTENT_TYPE, fault.contentType());
        }
        if (fault.retryAfter() != null) {
            response.putHeader(HttpHeaders.RETRY_AFTER, fault.retryAfter());
        }
        response.end(fault.body() == null ? "" : fault.body());
    }
}
