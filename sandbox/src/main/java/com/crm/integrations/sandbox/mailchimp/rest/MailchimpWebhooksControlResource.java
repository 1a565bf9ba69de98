package com.crm.integrations.sandbox.mailchimp.rest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.mailchimp.RetryPolicy;
import com.crm.integrations.sandbox.mailchimp.service.RetryPolicies;
import com.crm.integrations.sandbox.mailchimp.service.WebhookControl;
import com.crm.integrations.sandbox.mailchimp.service.WebhookDeliveries;

import io.smallrye.common.annotation.NonBlocking;

/**
 * The audience webhooks' side of the control API, {@code /control/mailchimp/webhooks/…}: their state and delivery log,
 * the retry policy in force, pausing and resuming all sending, and running pending retries at once. Rooted at {@code /control} (see {@link MailchimpListsControlResource}). In memory: event loop.
 */
@Path("/control")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class MailchimpWebhooksControlResource {

    private static final String WEBHOOKS = "/mailchimp/webhooks";

    private final WebhookControl control;
    private final WebhookDeliveries deliveries;
    private final RetryPolicies policies;

    MailchimpWebhooksControlResource(WebhookControl control, WebhookDeliveries deliveries, RetryPolicies policies) {
        this.control = control;
        this.deliveries = deliveries;
        this.policies = policies;
    }

    /** {@code {"webhooks":[{"id","listId","dc","state","events","sources","pending"}],"paused","pending"}}; {@code listId}: one audience's. */
    @GET
    @Path(WEBHOOKS)
    public Map<String, Object> webhooks(@RestQuery String listId) {
        return control.webhooks(listId);
    }

    /** The webhook's delivery attempts numbered after {@code since} (default 0), oldest first. */
    @GET
    @Path(WEBHOOKS + "/{webhookId}/attempts")
    public Map<String, Object> attempts(@RestPath String webhookId, @RestQuery String since) {
        long after;
        try {
            after = since == null ? 0 : Long.parseLong(since);
        } catch (NumberFormatException e) {
            after = -1;
        }
        if (after < 0) {
            throw new InvalidRequestException("since must be a number of 0 or more");
        }
        return control.attempts(webhookId, after);
    }

    @GET
    @Path(WEBHOOKS + "/retry-policy")
    public Map<String, Object> retryPolicy() {
        return view(policies.current());
    }

    /** 200 and the policy now in force, for attempts and retries scheduled from now on. */
    @PUT
    @Path(WEBHOOKS + "/retry-policy")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> changeRetryPolicy(RetryPolicyRequest request) {
        if (request == null) {
            throw new InvalidRequestException("a JSON body is required");
        }
        return view(policies.change(millis(request.timeoutMillis()), millis(request.firstRetryMillis()), request.factor(),
                millis(request.maxWindowMillis())));
    }

    /** Posts that become due wait until resumed. */
    @POST
    @Path(WEBHOOKS + "/pause")
    public Map<String, Object> pause() {
        deliveries.pause();
        return sending();
    }

    /** Sends the posts that waited, in the order they became due. */
    @POST
    @Path(WEBHOOKS + "/resume")
    public Map<String, Object> resume() {
        deliveries.resume();
        return sending();
    }

    /** {@code {"sent": n}}: every post waiting for a retry is sent now (while paused, once resumed). */
    @POST
    @Path(WEBHOOKS + "/deliver-now")
    public Map<String, Object> deliverNow() {
        return Map.of("sent", deliveries.deliverNow());
    }

    private Map<String, Object> sending() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("paused", deliveries.paused());
        body.put("pending", deliveries.pendingCount(null));
        return body;
    }

    private static Duration millis(Long millis) {
        return millis == null ? null : Duration.ofMillis(millis);
    }

    private static Map<String, Object> view(RetryPolicy policy) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timeoutMillis", policy.timeout().toMillis());
        body.put("firstRetryMillis", policy.firstRetry().toMillis());
        body.put("factor", policy.factor());
        body.put("maxWindowMillis", policy.maxWindow().toMillis());
        return body;
    }
}
