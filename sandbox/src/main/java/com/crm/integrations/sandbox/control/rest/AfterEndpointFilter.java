package com.crm.integrations.sandbox.control.rest;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import com.crm.integrations.sandbox.control.ActiveRule;
import com.crm.integrations.sandbox.control.FaultRule;
import com.crm.integrations.sandbox.control.Intervention;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.ext.web.RoutingContext;

/**
 * The {@code after} rules on the answers of the REST endpoints: once an endpoint has done its work (stored the event,
 * or refused the request), holds its answer back ({@code after} latency), then replaces it with an {@code after} fault's
 * answer, none of the endpoint's status, headers or body kept, or closes the connection without any answer. A RESTEasy
 * Reactive response filter, because only there is the answer still an entity and headers that can be swapped: Vert.x's
 * headers-end hook comes too late to replace a body. Error answers of the exception mappers pass here too. Routes that
 * answer without a REST endpoint use {@link FaultInjectionRoute#answerAfterRules}.
 */
public class AfterEndpointFilter {

    private static final Annotation[] NO_ANNOTATIONS = new Annotation[0];

    @ServerResponseFilter
    public Uni<Void> applyAfterRules(ContainerResponseContext response, RoutingContext rc) {
        Intervention intervention = FaultInjectionRoute.pending(rc);
        if (intervention == null) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().emitter(done -> {
            if (intervention.answerDelayMillis() > 0) {
                rc.vertx().setTimer(intervention.answerDelayMillis(), timer -> act(response, rc, intervention.faultAfter(), done));
            } else {
                act(response, rc, intervention.faultAfter(), done);
            }
        });
    }

    /** @param fault {@code null}: the answer stays as the endpoint gave it */
    private static void act(ContainerResponseContext response, RoutingContext rc, ActiveRule fault, UniEmitter<? super Void> done) {
        if (fault == null || FaultInjectionRoute.gone(rc)) {
            done.complete(null);
            return;
        }
        FaultRule.Answer answer = ((FaultRule) fault.rule()).answer();
        if (answer == null) {
            // RESTEasy goes on to write the endpoint's answer: only once the connection is closed, so none of it leaves.
            FaultInjectionRoute.close(rc, fault).onComplete(closed -> done.complete(null));
            return;
        }
        response.getHeaders().clear();
        response.setStatus(answer.status());
        if (answer.body() == null) {
            response.setEntity(null);
        } else {
            response.setEntity(answer.body().getBytes(StandardCharsets.UTF_8), NO_ANNOTATIONS, MediaType.valueOf(answer.contentType()));
        }
        if (answer.retryAfter() != null) {
            response.getHeaders().putSingle(HttpHeaders.RETRY_AFTER, answer.retryAfter());
        }
        response.getHeaders().putSingle(FaultInjectionRoute.FAULT_HEADER, fault.id());
        done.complete(null);
    }
}
