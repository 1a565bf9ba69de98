package com.crm.integrations.sandbox.provider.rest;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;

import com.crm.integrations.sandbox.provider.service.MailchimpApi;

import io.smallrye.common.annotation.NonBlocking;

/** The Marketing API of data centre {@code {dc}}, {@code https://{dc}.api.mailchimp.com/3.0}, under {@code /mailchimp-api/{dc}/3.0}. */
@Path("/mailchimp-api/{dc}/3.0")
@NonBlocking
public class MailchimpApiResource {

    private final MailchimpApi api;

    MailchimpApiResource(MailchimpApi api) {
        this.api = api;
    }

    /** With an API key or OAuth token of this data centre (Basic {@code anystring:<key>} or Bearer). */
    @GET
    @Path("/ping")
    public Response ping(@RestPath String dc, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return switch (api.apiAccess(dc, authorization)) {
            case GRANTED -> Response.ok(Map.of("health_status", "Everything's Chimpy!"), MediaType.APPLICATION_JSON_TYPE).build();
            case MISSING -> MailchimpProblems.unauthorized(true);
            case INVALID -> MailchimpProblems.unauthorized(false);
        };
    }
}
