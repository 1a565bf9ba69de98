package com.crm.integrations.sandbox.control.rest;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.control.ActiveRule;
import com.crm.integrations.sandbox.control.FaultRule;
import com.crm.integrations.sandbox.control.Intervention;
import com.crm.integrations.sandbox.control.PathPattern;
import com.crm.integrations.sandbox.control.service.FaultControl;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Applies the fault-control rules to every request but {@code /control/**} and {@code /q/**}, as a Vert.x route ordered
 * before every application route: counts the call, waits out a latency rule on a timer, then answers with a
 * {@code before} fault rule's response (or closes the connection) or lets the request through. What the {@code after}
 * rules do once the endpoint has answered, it leaves on the request for {@link AfterEndpointFilter} (REST endpoints) and
 * {@link #answerAfterRules} (routes that answer themselves). Runs on the event loop and never blocks it.
 */
@Singleton
public class FaultInjectionRoute {

    /** After Quarkus' own early handlers (body handler, headers), before its upload limit and every application route. */
    public static final int ORDER = -10;

    /** On a response a latency rule held back: by how many milliseconds. */
    public static final String DELAY_HEADER = "X-Sandbox-Delay";

    /** On a response a fault rule gave: the rule's id. */
    public static final String FAULT_HEADER = "X-Sandbox-Fault";

    /** The request's {@link Intervention}, while {@code after} rules are still to act on its answer. */
    private static final String AFTER = FaultInjectionRoute.class.getName() + ".after";

    /** Set once a fault rule closed the request's connection. */
    private static final String CLOSED = FaultInjectionRoute.class.getName() + ".closed";

    private final FaultControl control;

    FaultInjectionRoute(FaultControl control) {
        this.control = control;
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::intercept);
    }

    /**
     * For a route that answers a request itself instead of a REST endpoint (the calendar gate's refusals): sends
     * {@code answer} as the {@code after} rules leave it: held back by an {@code after} latency, replaced by an
     * {@code after} fault.
     */
    public static void answerAfterRules(RoutingContext rc, Runnable answer) {
        Intervention intervention = pending(rc);
        if (intervention == null) {
            answer.run();
            return;
        }
        Runnable finish = () -> {
            if (!gone(rc)) {
                ActiveRule fault = intervention.faultAfter();
                if (fault == null) {
                    answer.run();
                } else {
                    send(rc, fault);
                }
            }
        };
        if (intervention.answerDelayMillis() > 0) {
            rc.vertx().setTimer(intervention.answerDelayMillis(), timer -> finish.run());
        } else {
            finish.run();
        }
    }

    /**
     * For the request logs, once the response is over ({@code ended}, an end handler's result): the status the client
     * got, {@code null} when it got none: it went away, or a fault rule closed the connection (an endpoint's answer
     * written after that never leaves, though Vert.x may report the response ended before it learns of the close).
     */
    public static Integer statusSent(RoutingContext rc, AsyncResult<Void> ended) {
        return ended.succeeded() && !Boolean.TRUE.equals(rc.get(CLOSED)) ? rc.response().getStatusCode() : null;
    }

    /** For the request logs: whether a fault rule answered the request or closed its connection. */
    public static boolean faulted(RoutingContext rc) {
        return rc.response().headers().contains(FAULT_HEADER);
    }

    /** What the {@code after} rules still do to this request's answer, or {@code null}. */
    static Intervention pending(RoutingContext rc) {
        return rc.get(AFTER);
    }

    /** Whether the client went away, or the response was already sent. */
    static boolean gone(RoutingContext rc) {
        return rc.response().closed() || rc.response().ended();
    }

    /**
     * Closes the request's connection without an answer; the rule's id stays on the response for the request logs.
     * Completes once the connection is closed: what is written to the response from then on never leaves.
     */
    static Future<Void> close(RoutingContext rc, ActiveRule fault) {
        rc.put(CLOSED, true);
        rc.response().putHeader(FAULT_HEADER, fault.id());
        return rc.request().connection().close();
    }

    private void intercept(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (PathPattern.isUncontrolled(path)) {
            rc.next();
            return;
        }
        Intervention intervention = control.intercept(rc.request().method().name(), path);
        long delay = intervention.arrivalDelayMillis() + intervention.answerDelayMillis();
        if (delay > 0) {
            // Says what the sandbox did, so a test need not infer it from the clock.
            rc.response().putHeader(DELAY_HEADER, Long.toString(delay));
        }
        if (intervention.actsAfter()) {
            rc.put(AFTER, intervention);
        }
        if (intervention.arrivalDelayMillis() > 0) {
            rc.vertx().setTimer(intervention.arrivalDelayMillis(), timer -> proceed(rc, intervention));
        } else {
            proceed(rc, intervention);
        }
    }

    private static void proceed(RoutingContext rc, Intervention intervention) {
        if (gone(rc)) {
            return; // the client gave up while we waited
        }
        ActiveRule fault = intervention.faultInstead();
        if (fault == null) {
            rc.next();
        } else {
            send(rc, fault);
        }
    }

    /** The fault's answer, or the connection closed. */
    private static void send(RoutingContext rc, ActiveRule fault) {
        FaultRule.Answer answer = ((FaultRule) fault.rule()).answer();
        if (answer == null) {
            close(rc, fault);
            return;
        }
        HttpServerResponse response = rc.response().setStatusCode(answer.status());
        response.putHeader(FAULT_HEADER, fault.id());
        if (answer.contentType() != null) {
            response.putHeader(HttpHeaders.CONTENT_TYPE, answer.contentType());
        }
        if (answer.retryAfter() != null) {
            response.putHeader(HttpHeaders.RETRY_AFTER, answer.retryAfter());
        }
        response.end(answer.body() == null ? "" : answer.body());
    }
}
