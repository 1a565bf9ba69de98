package com.crm.integrations.sandbox.mailchimp.rest;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;

import com.crm.integrations.sandbox.mailchimp.service.ListWebhooks;
import com.crm.integrations.sandbox.mailchimp.service.MailchimpGate;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

/**
 * An audience's webhooks, {@code /mailchimp-api/{dc}/3.0/lists/{listId}/webhooks} (PROVIDERS.md §6.1). A create or a
 * PATCH that moves the URL waits for the validation {@code GET} without blocking. Bodies are read as text so that a body
 * that is not JSON gets Mailchimp's {@code JSON Parse Error}.
 */
@Path("/mailchimp-api/{dc}/3.0/lists/{listId}/webhooks")
@NonBlocking
public class ListWebhooksResource {

    private final MailchimpGate gate;
    private final ListWebhooks webhooks;

    ListWebhooksResource(MailchimpGate gate, ListWebhooks webhooks) {
        this.gate = gate;
        this.webhooks = webhooks;
    }

    /** 200 and the webhook once its URL answered the validation {@code GET} with a 2xx; else 400 {@code Invalid Resource}. */
    @POST
    public Uni<Response> create(@RestPath String dc, @RestPath String listId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            String body) {
        gate.require(dc, authorization);
        return webhooks.create(dc, listId, body).map(MailchimpJson::ok);
    }

    @GET
    public Response list(@RestPath String dc, @RestPath String listId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        gate.require(dc, authorization);
        return MailchimpJson.ok(webhooks.list(dc, listId));
    }

    @GET
    @Path("/{webhookId}")
    public Response get(@RestPath String dc, @RestPath String listId, @RestPath String webhookId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        gate.require(dc, authorization);
        return MailchimpJson.ok(webhooks.get(dc, listId, webhookId));
    }

    /** Changes the {@code url} (validated again), {@code events} or {@code sources} the body names. */
    @PATCH
    @Path("/{webhookId}")
    public Uni<Response> patch(@RestPath String dc, @RestPath String listId, @RestPath String webhookId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        gate.require(dc, authorization);
        return webhooks.patch(dc, listId, webhookId, body).map(MailchimpJson::ok);
    }

    /** 204; its pending posts are dropped. */
    @DELETE
    @Path("/{webhookId}")
    public Response delete(@RestPath String dc, @RestPath String listId, @RestPath String webhookId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        gate.require(dc, authorization);
        webhooks.delete(dc, listId, webhookId);
        return Response.noContent().build();
    }
}
