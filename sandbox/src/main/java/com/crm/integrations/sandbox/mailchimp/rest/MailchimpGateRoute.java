package com.crm.integrations.sandbox.mailchimp.rest;

import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.control.rest.FaultInjectionRoute;
import com.crm.integrations.sandbox.mailchimp.service.MailchimpConnections;
import com.crm.integrations.sandbox.mailchimp.service.MailchimpErrors;
import com.crm.integrations.sandbox.provider.ApiAnswer;
import com.crm.integrations.sandbox.provider.service.MailchimpApi;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Mailchimp's simultaneous-connection limit on the Marketing API ({@code /mailchimp-api/{dc}/3.0/**}), as two Vert.x
 * routes around the fault rules' ({@link FaultInjectionRoute}), like the calendar gate. On arrival, before a latency rule
 * holds the request back: the request of a credential the data centre accepts counts in flight for its account until
 * its response ends, so a latency rule makes the concurrency real. After the fault rules (their latency, faults and
 * counts apply first): a request that arrived over the limit gets 429 {@code Too Many Requests}, as the {@code after}
 * fault rules leave it. A request without a valid credential is not counted (the resource answers 401). Event loop only.
 */
@Singleton
public class MailchimpGateRoute {

    static final int ARRIVAL_ORDER = FaultInjectionRoute.ORDER - 3;
    static final int ADMISSION_ORDER = FaultInjectionRoute.ORDER + 2;
    private static final String ROOT = "/mailchimp-api/";
    private static final String OVER_LIMIT = MailchimpGateRoute.class.getName() + ".overLimit";

    private final MailchimpApi api;
    private final MailchimpConnections connections;
    private final ObjectMapper json;

    MailchimpGateRoute(MailchimpApi api, MailchimpConnections connections, ObjectMapper json) {
        this.api = api;
        this.connections = connections;
        this.json = json;
    }

    void register(@Observes Router router) {
        router.route().order(ARRIVAL_ORDER).handler(this::arrive);
        router.route().order(ADMISSION_ORDER).handler(this::admit);
    }

    private void arrive(RoutingContext rc) {
        String path = rc.normalizedPath();
        int dcEnd = path.indexOf('/', ROOT.length());
        if (!path.startsWith(ROOT) || dcEnd < 0) {
            rc.next();
            return;
        }
        String dc = path.substring(ROOT.length(), dcEnd);
        Optional<String> account = api.account(dc, rc.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (account.isPresent()) {
            String name = account.get();
            if (!connections.enter(name)) {
                rc.put(OVER_LIMIT, name);
            }
            rc.addEndHandler(ended -> connections.leave(name));
        }
        rc.next();
    }

    private void admit(RoutingContext rc) {
        String account = rc.get(OVER_LIMIT);
        if (account == null) {
            rc.next();
            return;
        }
        connections.refused(account);
        ApiAnswer answer = MailchimpErrors.tooManyRequests(connections.limit());
        String body;
        try {
            body = json.writeValueAsString(answer.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error body of plain maps did not serialise", e);
        }
        FaultInjectionRoute.answerAfterRules(rc, () -> {
            HttpServerResponse response = rc.response().setStatusCode(answer.status());
            answer.headers().forEach(response::putHeader);
            response.end(body);
        });
    }
}
