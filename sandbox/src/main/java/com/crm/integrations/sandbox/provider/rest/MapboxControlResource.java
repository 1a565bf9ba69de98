package com.crm.integrations.sandbox.provider.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;

import com.crm.integrations.sandbox.provider.service.MapboxTokens;

import io.smallrye.common.annotation.NonBlocking;

/** What a Mapbox account owner does on the account page: create and revoke access tokens. In memory: event loop. */
@Path("/control")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class MapboxControlResource {

    private final MapboxTokens mapbox;

    MapboxControlResource(MapboxTokens mapbox) {
        this.mapbox = mapbox;
    }

    @POST
    @Path("/mapbox/tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createToken(MapboxTokenRequest request) {
        String token = mapbox.issue(ControlJson.required(request).toSpec());
        return ControlJson.created("/control/mapbox/tokens", "token", token);
    }

    @DELETE
    @Path("/mapbox/tokens/{token}")
    public void revokeToken(@RestPath String token) {
        mapbox.revoke(token);
    }
}
