package com.crm.integrations.sandbox.calendar.rest;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.calendar.CalendarCaller;
import com.crm.integrations.sandbox.calendar.ThrottleRule;
import com.crm.integrations.sandbox.calendar.config.CalendarConfig;
import com.crm.integrations.sandbox.calendar.service.CalendarRequestLog;
import com.crm.integrations.sandbox.calendar.service.CalendarTraffic;
import com.crm.integrations.sandbox.calendar.service.GoogleErrors;
import com.crm.integrations.sandbox.calendar.service.GraphErrors;
import com.crm.integrations.sandbox.control.rest.FaultInjectionRoute;
import com.crm.integrations.sandbox.provider.ApiAnswer;
import com.crm.integrations.sandbox.provider.Grant;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.service.ActiveGrants;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The door of both calendar APIs ({@code /google/calendar/v3/**}, {@code /graph/v1.0/**}), a Vert.x route ordered before
 * the fault rules: logs the request, takes its bearer token (only one the provider's OAuth stand-in issued, unexpired
 * and not revoked; else the provider's 401), checks its scopes, counts it in flight for its account (over the limit:
 * 429), applies the account's throttle rules, and hands the caller on to the resource ({@link #caller}). Event loop
 * only; never blocks.
 */
@Singleton
public class CalendarGateRoute {

    static final int ORDER = FaultInjectionRoute.ORDER - 2;
    static final String GOOGLE_ROOT = "/google/calendar/v3/";
    static final String GRAPH_ROOT = "/graph/v1.0/";
    private static final String CALLER = CalendarGateRoute.class.getName();
    private static final String GOOGLE_SCOPE = "https://www.googleapis.com/auth/";
    private static final Set<String> GOOGLE_WRITE = Set.of(GOOGLE_SCOPE + "calendar", GOOGLE_SCOPE + "calendar.events");
    private static final Set<String> GOOGLE_READ = Set.of(GOOGLE_SCOPE + "calendar.readonly", GOOGLE_SCOPE + "calendar.events.readonly");
    private static final String GRAPH_SCOPE = "https://graph.microsoft.com/";

    private final ActiveGrants grants;
    private final CalendarTraffic traffic;
    private final CalendarRequestLog log;
    private final ObjectMapper json;
    private final String concurrencyRetryAfter;

    CalendarGateRoute(ActiveGrants grants, CalendarTraffic traffic, CalendarRequestLog log, ObjectMapper json, CalendarConfig config) {
        this.grants = grants;
        this.traffic = traffic;
        this.log = log;
        this.json = json;
        this.concurrencyRetryAfter = config.graph().concurrencyRetryAfter();
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::gate);
    }

    /** The caller the gate let through. */
    static CalendarCaller caller(RoutingContext rc) {
        CalendarCaller caller = rc.get(CALLER);
        if (caller == null) {
            throw new IllegalStateException("a calendar API request reached its resource without passing the gate");
        }
        return caller;
    }

    private void gate(RoutingContext rc) {
        String path = rc.normalizedPath();
        Provider provider = path.startsWith(GOOGLE_ROOT) ? Provider.GOOGLE : path.startsWith(GRAPH_ROOT) ? Provider.MICROSOFT : null;
        if (provider == null) {
            rc.next();
            return;
        }
        HttpServerRequest request = rc.request();
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        Optional<Grant> grant = bearer(authorization).flatMap(token -> grants.ofAccessToken(provider, token));
        String account = grant.map(Grant::account).orElse(null);
        String prefer = request.headers().contains("Prefer") ? String.join(", ", request.headers().getAll("Prefer")) : null;
        CalendarRequestLog.Entry entry = log.open(provider, new CalendarRequestLog.Arrival(account, request.method().name(), path,
                request.query(), prefer, request.getHeader(HttpHeaders.IF_MATCH), authorization != null));
        rc.addEndHandler(ended -> entry.answered(ended.succeeded() ? rc.response().getStatusCode() : null,
                rc.response().headers().contains(FaultInjectionRoute.FAULT_HEADER)));
        String clientRequestId = request.getHeader("client-request-id");
        if (grant.isEmpty()) {
            answer(rc, provider == Provider.GOOGLE ? GoogleErrors.unauthorized() : GraphErrors.unauthorized(authorization != null, clientRequestId));
            return;
        }
        if (!permits(provider, grant.get().scopes(), request.method() == HttpMethod.GET)) {
            answer(rc, provider == Provider.GOOGLE ? GoogleErrors.insufficientScopes() : GraphErrors.accessDenied(clientRequestId));
            return;
        }
        boolean admitted = traffic.enter(provider, account);
        rc.addEndHandler(ended -> traffic.leave(provider, account));
        if (!admitted) {
            answer(rc, provider == Provider.GOOGLE ? GoogleErrors.throttled(429, "rateLimitExceeded", null)
                    : GraphErrors.overConcurrency(clientRequestId, concurrencyRetryAfter));
            return;
        }
        Optional<ThrottleRule> throttle = traffic.takeThrottle(provider, account);
        if (throttle.isPresent()) {
            ThrottleRule rule = throttle.get();
            answer(rc, provider == Provider.GOOGLE ? GoogleErrors.throttled(rule.status(), rule.reason(), rule.retryAfter())
                    : GraphErrors.throttled(rule.status(), clientRequestId, rule.retryAfter()));
            return;
        }
        rc.put(CALLER, new CalendarCaller(provider, account));
        rc.next();
    }

    private static boolean permits(Provider provider, Set<String> scopes, boolean read) {
        if (provider == Provider.GOOGLE) {
            return scopes.stream().anyMatch(scope -> GOOGLE_WRITE.contains(scope) || read && GOOGLE_READ.contains(scope));
        }
        return scopes.contains(GRAPH_SCOPE + "Calendars.ReadWrite") || read && scopes.contains(GRAPH_SCOPE + "Calendars.Read");
    }

    private static Optional<String> bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(authorization.substring(7).trim()).filter(token -> !token.isEmpty());
    }

    private void answer(RoutingContext rc, ApiAnswer answer) {
        HttpServerResponse response = rc.response().setStatusCode(answer.status());
        response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8");
        answer.headers().forEach(response::putHeader);
        try {
            response.end(json.writeValueAsString(answer.body()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error body of plain maps did not serialise", e);
        }
    }
}
