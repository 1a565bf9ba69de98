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
 * The door of both calendar APIs ({@code /google/calendar/v3/**}, {@code /graph/v1.0/**}), two Vert.x routes around the
 * fault rules' ({@link FaultInjectionRoute}). On arrival, before any latency rule holds the request back: log it, take
 * its bearer token (only one the provider's OAuth stand-in issued, unexpired and not revoked) and count it in flight for
 * its account until its response ends. After the fault rules (so their latency, faults and call counts apply to every
 * request): answer the provider's 401 for a missing or unknown token, 403 for missing scopes, 429 when it arrived over
 * the account's concurrency limit, the account's throttle rules (each as the {@code after} fault rules leave it: the
 * refusal is this route's answer); else hand the caller on to the resource ({@link #caller}). Event loop only; never
 * blocks.
 */
@Singleton
public class CalendarGateRoute {

    static final int ARRIVAL_ORDER = FaultInjectionRoute.ORDER - 2;
    static final int ADMISSION_ORDER = FaultInjectionRoute.ORDER + 1;
    static final String GOOGLE_ROOT = "/google/calendar/v3/";
    static final String GRAPH_ROOT = "/graph/v1.0/";
    private static final String CALLER = CalendarGateRoute.class.getName() + ".caller";
    private static final String ARRIVAL = CalendarGateRoute.class.getName() + ".arrival";
    private static final String GOOGLE_SCOPE = "https://www.googleapis.com/auth/";
    private static final Set<String> GOOGLE_WRITE = Set.of(GOOGLE_SCOPE + "calendar", GOOGLE_SCOPE + "calendar.events");
    private static final Set<String> GOOGLE_READ = Set.of(GOOGLE_SCOPE + "calendar.readonly", GOOGLE_SCOPE + "calendar.events.readonly");
    private static final String GRAPH_SCOPE = "https://graph.microsoft.com/";

    /** What the arrival learnt: the provider, the token's grant ({@code null}: none valid), and whether it fit the limit. */
    private record Arrival(Provider provider, Grant grant, boolean withinLimit, boolean authorization) {
    }

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
        router.route().order(ARRIVAL_ORDER).handler(this::arrive);
        router.route().order(ADMISSION_ORDER).handler(this::admit);
    }

    /** The caller the gate let through. */
    static CalendarCaller caller(RoutingContext rc) {
        CalendarCaller caller = rc.get(CALLER);
        if (caller == null) {
            throw new IllegalStateException("a calendar API request reached its resource without passing the gate");
        }
        return caller;
    }

    private void arrive(RoutingContext rc) {
        String path = rc.normalizedPath();
        Provider provider = path.startsWith(GOOGLE_ROOT) ? Provider.GOOGLE : path.startsWith(GRAPH_ROOT) ? Provider.MICROSOFT : null;
        if (provider == null) {
            rc.next();
            return;
        }
        HttpServerRequest request = rc.request();
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        Grant grant = bearer(authorization).flatMap(token -> grants.ofAccessToken(provider, token)).orElse(null);
        String account = grant == null ? null : grant.account();
        String prefer = request.headers().contains("Prefer") ? String.join(", ", request.headers().getAll("Prefer")) : null;
        CalendarRequestLog.Entry entry = log.open(provider, new CalendarRequestLog.Arrival(account, request.method().name(), path,
                request.query(), prefer, request.getHeader(HttpHeaders.IF_MATCH), authorization != null));
        rc.addEndHandler(ended -> entry.answered(FaultInjectionRoute.statusSent(rc, ended), FaultInjectionRoute.faulted(rc)));
        boolean withinLimit = true;
        if (account != null) {
            withinLimit = traffic.enter(provider, account);
            rc.addEndHandler(ended -> traffic.leave(provider, account));
        }
        rc.put(ARRIVAL, new Arrival(provider, grant, withinLimit, authorization != null));
        rc.next();
    }

    private void admit(RoutingContext rc) {
        Arrival arrival = rc.get(ARRIVAL);
        if (arrival == null) {
            rc.next();
            return;
        }
        Provider provider = arrival.provider();
        boolean google = provider == Provider.GOOGLE;
        String clientRequestId = rc.request().getHeader("client-request-id");
        if (arrival.grant() == null) {
            answer(rc, google ? GoogleErrors.unauthorized() : GraphErrors.unauthorized(arrival.authorization(), clientRequestId));
            return;
        }
        if (!permits(provider, arrival.grant().scopes(), rc.request().method() == HttpMethod.GET)) {
            answer(rc, google ? GoogleErrors.insufficientScopes() : GraphErrors.accessDenied(clientRequestId));
            return;
        }
        if (!arrival.withinLimit()) {
            answer(rc, google ? GoogleErrors.throttled(429, "rateLimitExceeded", null)
                    : GraphErrors.overConcurrency(clientRequestId, concurrencyRetryAfter));
            return;
        }
        String account = arrival.grant().account();
        Optional<ThrottleRule> throttle = traffic.takeThrottle(provider, account);
        if (throttle.isPresent()) {
            ThrottleRule rule = throttle.get();
            answer(rc, google ? GoogleErrors.throttled(rule.status(), rule.reason(), rule.retryAfter())
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
