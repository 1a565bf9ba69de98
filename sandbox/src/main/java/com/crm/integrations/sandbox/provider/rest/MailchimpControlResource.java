package com.crm.integrations.sandbox.provider.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;

import com.crm.integrations.sandbox.provider.service.MailchimpApi;

import io.smallrye.common.annotation.NonBlocking;

/** What a Mailchimp account owner does in the Mailchimp UI: create and delete API keys. In memory: event loop. */
@Path("/control")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class MailchimpControlResource {

    private final MailchimpApi mailchimp;

    MailchimpControlResource(MailchimpApi mailchimp) {
        this.mailchimp = mailchimp;
    }

    @POST
    @Path("/mailchimp/api-keys")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createApiKey(ApiKeyRequest request) {
        ApiKeyRequest body = ControlJson.required(request);
        String key = mailchimp.createApiKey(body.dc(), body.account());
        return ControlJson.created("/control/mailchimp/api-keys", "key", key);
    }

    @DELETE
    @Path("/mailchimp/api-keys/{key}")
    public void deleteApiKey(@RestPath String key) {
        mailchimp.deleteApiKey(key);
    }
}
