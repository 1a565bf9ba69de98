package com.crm.integrations.sandbox.calendar.rest;

import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.calendar.BatchCaller;
import com.crm.integrations.sandbox.calendar.CalendarCaller;
import com.crm.integrations.sandbox.calendar.ThrottleRule;
import com.crm.integrations.sandbox.calendar.config.CalendarConfig;
import com.crm.integrations.sandbox.calendar.service.CalendarAccess;
import com.crm.integrations.sandbox.calendar.service.CalendarRefusals;
import com.crm.integrations.sandbox.calendar.service.CalendarRequestLog;
import com.crm.integrations.sandbox.calendar.service.CalendarTraffic;
import com.crm.integrations.sandbox.calendar.service.ItemAnswer;
import com.crm.integrations.sandbox.calendar.service.ItemFaults;
import com.crm.integrations.sandbox.control.When;
import com.crm.integrations.sandbox.control.rest.FaultInjectionRoute;
import com.crm.integrations.sandbox.provider.ApiAnswer;
import com.crm.integrations.sandbox.provider.Grant;
import com.crm.integrations.sandbox.provider.Provider;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The door of both calendar APIs ({@code /google/calendar/v3/**}, {@code /graph/v1.0/**}) and their batch endpoints, two
 * Vert.x routes around the fault rules' ({@link FaultInjectionRoute}). On arrival, before any latency rule holds the
 * request back: log it, take its bearer token (only one the provider's OAuth stand-in issued, unexpired and not revoked)
 * and count it in flight for its account until its response ends. After the fault rules (so their latency, faults and
 * call counts apply to every request): answer the provider's 401 for a missing or unknown token, 403 for missing scopes,
 * 429 when it arrived over the account's concurrency limit, the account's throttle rules and item-fault rules for single
 * calls (each as the {@code after} fault rules leave it: the refusal is this route's answer); else hand the caller on to
 * the resource ({@link #caller}). A batch is logged but not counted in flight nor throttled: its inner requests are, each
 * on its own; it needs a valid token at Graph only (a Google part may carry its own) ({@link #batchCaller}). Event loop
 * only; never blocks.
 */
@Singleton
public class CalendarGateRoute {

    static final int ARRIVAL_ORDER = FaultInjectionRoute.ORDER - 2;
    static final int ADMISSION_ORDER = FaultInjectionRoute.ORDER + 1;
    static final String GOOGLE_ROOT = "/google/calendar/v3/";
    static final String GRAPH_ROOT = "/graph/v1.0/";
    static final String GOOGLE_BATCH = "/google/batch/calendar/v3";
    static final String GRAPH_BATCH = "/graph/v1.0/$batch";
    private static final String CALLER = CalendarGateRoute.class.getName() + ".caller";
    private static final String BATCH_CALLER = CalendarGateRoute.class.getName() + ".batchCaller";
    private static final String ARRIVAL = CalendarGateRoute.class.getName() + ".arrival";
    private static final String ITEM_FAULT = CalendarGateRoute.class.getName() + ".itemFault";

    /** What the arrival learnt: the provider, the token's grant ({@code null}: none valid), and whether it fit the limit. */
    private record Arrival(Provider provider, Grant grant, boolean withinLimit, boolean authorization, boolean batch, long seq) {
    }

    private final CalendarAccess access;
    private final CalendarTraffic traffic;
    private final CalendarRequestLog log;
    private final ItemFaults itemFaults;
    private final ObjectMapper json;
    private final String concurrencyRetryAfter;

    CalendarGateRoute(CalendarAccess access, CalendarTraffic traffic, CalendarRequestLog log, ItemFaults itemFaults, ObjectMapper json,
            CalendarConfig config) {
        this.access = access;
        this.traffic = traffic;
        this.log = log;
        this.itemFaults = itemFaults;
        this.json = json;
        this.concurrencyRetryAfter = config.graph().concurrencyRetryAfter();
    }

    void register(@Observes Router router) {
        router.route().order(ARRIVAL_ORDER).handler(this::arrive);
        router.route().order(ADMISSION_ORDER).handler(this::admit);
    }

    /** The caller the gate let through. */
    static CalendarCaller caller(RoutingContext rc) {
        return let(rc, CALLER);
    }

    /** The batch the gate let through. */
    static BatchCaller batchCaller(RoutingContext rc) {
        return let(rc, BATCH_CALLER);
    }

    /** The item fault that replaces a single call's answer once it has done its work, or {@code null}. */
    static ItemFaults.Hit itemFaultAfter(RoutingContext rc) {
        return rc.get(ITEM_FAULT);
    }

    private static <T> T let(RoutingContext rc, String key) {
        T caller = rc.get(key);
        if (caller == null) {
            throw new IllegalStateException("a calendar API request reached its resource without passing the gate");
        }
        return caller;
    }

    private void arrive(RoutingContext rc) {
        String path = rc.normalizedPath();
        boolean batch = GOOGLE_BATCH.equals(path) || GRAPH_BATCH.equals(path);
        Provider provider = path.startsWith(GOOGLE_ROOT) || GOOGLE_BATCH.equals(path) ? Provider.GOOGLE
                : path.startsWith(GRAPH_ROOT) ? Provider.MICROSOFT : null;
        if (provider == null) {
            rc.next();
            return;
        }
        HttpServerRequest request = rc.request();
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        Grant grant = access.grant(provider, authorization).orElse(null);
        String account = grant == null ? null : grant.account();
        String prefer = request.headers().contains("Prefer") ? String.join(", ", request.headers().getAll("Prefer")) : null;
        CalendarRequestLog.Entry entry = log.open(provider, CalendarRequestLog.Arrival.single(account, request.method().name(), path,
                request.query(), prefer, request.getHeader(HttpHeaders.IF_MATCH), authorization != null));
        rc.addEndHandler(ended -> entry.answered(FaultInjectionRoute.statusSent(rc, ended),
                FaultInjectionRoute.faulted(rc) || rc.response().headers().contains(ItemAnswer.FAULT_HEADER)));
        boolean withinLimit = true;
        if (account != null && !batch) {
            withinLimit = traffic.enter(provider, account);
            rc.addEndHandler(ended -> traffic.leave(provider, account));
        }
        rc.put(ARRIVAL, new Arrival(provider, grant, withinLimit, authorization != null, batch, entry.seq()));
        rc.next();
    }

    private void admit(RoutingContext rc) {
        Arrival arrival = rc.get(ARRIVAL);
        if (arrival == null) {
            rc.next();
            return;
        }
        Provider provider = arrival.provider();
        String clientRequestId = rc.request().getHeader("client-request-id");
        if (arrival.grant() == null && !(arrival.batch() && provider == Provider.GOOGLE)) {
            answer(rc, CalendarRefusals.unauthorized(provider, arrival.authorization(), clientRequestId));
            return;
        }
        if (arrival.batch()) {
            rc.put(BATCH_CALLER, new BatchCaller(provider, arrival.grant(), arrival.seq()));
            rc.next();
            return;
        }
        if (!CalendarAccess.permits(provider, arrival.grant().scopes(), rc.request().method() == HttpMethod.GET)) {
            answer(rc, CalendarRefusals.insufficientScopes(provider, clientRequestId));
            return;
        }
        if (!arrival.withinLimit()) {
            answer(rc, CalendarRefusals.overLimit(provider, clientRequestId, concurrencyRetryAfter));
            return;
        }
        String account = arrival.grant().account();
        Optional<ThrottleRule> throttle = traffic.takeThrottle(provider, account);
        if (throttle.isPresent()) {
            answer(rc, CalendarRefusals.throttled(provider, throttle.get(), clientRequestId));
            return;
        }
        Optional<ItemFaults.Hit> fault = itemFaults.draw(provider, account, false, clientRequestId);
        if (fault.isPresent() && fault.get().when() == When.BEFORE) {
            rc.response().putHeader(ItemAnswer.FAULT_HEADER, fault.get().ruleId());
            answer(rc, fault.get().answer());
            return;
        }
        fault.ifPresent(hit -> rc.put(ITEM_FAULT, hit));
        rc.put(CALLER, new CalendarCaller(provider, account));
        rc.next();
    }

    /** The gate's refusal, as the {@code after} fault rules leave it (held back, replaced or never sent). */
    private void answer(RoutingContext rc, ApiAnswer answer) {
        String body;
        try {
            body = json.writeValueAsString(answer.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error body of plain maps did not serialise", e);
        }
        FaultInjectionRoute.answerAfterRules(rc, () -> {
            HttpServerResponse response = rc.response().setStatusCode(answer.status());
            response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8");
            answer.headers().forEach(response::putHeader);
            response.end(body);
        });
    }
}
