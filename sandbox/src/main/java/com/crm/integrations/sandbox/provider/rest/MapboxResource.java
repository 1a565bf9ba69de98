package com.crm.integrations.sandbox.provider.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestQuery;

import com.crm.integrations.sandbox.provider.service.MapboxTokens;

import io.smallrye.common.annotation.NonBlocking;

/** Mapbox's token check, {@code api.mapbox.com/tokens/v2?access_token=}, under {@code /mapbox}. */
@Path("/mapbox/tokens/v2")
@NonBlocking
public class MapboxResource {

    private final MapboxTokens tokens;

    MapboxResource(MapboxTokens tokens) {
        this.tokens = tokens;
    }

    @GET
    public Response check(@RestQuery("access_token") String accessToken) {
        MapboxTokens.Check check = tokens.check(accessToken);
        return Response.status(check.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(check.body()).build();
    }
}
