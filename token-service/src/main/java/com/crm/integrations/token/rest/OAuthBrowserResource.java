package com.crm.integrations.token.rest;

import java.util.HashMap;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.crm.integrations.token.service.AuthorizationService;
import com.crm.integrations.token.service.AuthorizationCallbackService;
import com.crm.integrations.token.service.Redirect;

import io.smallrye.mutiny.Uni;

/**
 * The browser's side of the OAuth flow, unauthenticated by bearer token: the start URL carries a
 * one-time token, the callback the state and the cookie.
 */
@Path("/oauth")
@Tag(name = "OAuth (browser)")
public class OAuthBrowserResource {

    private final AuthorizationService authorizations;
    private final AuthorizationCallbackService callbacks;

    public OAuthBrowserResource(AuthorizationService authorizations, AuthorizationCallbackService callbacks) {
        this.authorizations = authorizations;
        this.callbacks = callbacks;
    }

    @GET
    @Path("{provider}/start")
    @Operation(summary = "Open a start URL (browser)", description = "Once: sets the flow's cookie and redirects to the provider.")
    @APIResponse(responseCode = "302", description = "To the provider's authorization page, or to the return URL with outcome=invalid_start")
    public Uni<Response> openStartUrl(@PathParam("provider") String provider, @QueryParam("session") String session) {
        return authorizations.open(provider, session).map(OAuthBrowserResource::redirect);
    }

    @GET
    @Path("{provider}/callback")
    @Operation(summary = "The provider's redirect back (browser)",
            description = "Needs the flow's cookie and a fresh, unused state; exchanges the code and stores the connection.")
    @APIResponse(responseCode = "302", description = "To the CRM's return URL with provider, outcome and connection")
    public Uni<Response> oauthCallback(@PathParam("provider") String provider, @QueryParam("code") String code,
            @QueryParam("state") String state, @QueryParam("error") String error, @Context HttpHeaders headers) {
        Map<String, String> cookies = new HashMap<>();
        headers.getCookies().forEach((name, cookie) -> cookies.put(name, cookie.getValue()));
        return callbacks.callback(provider, code, state, error, cookies).map(OAuthBrowserResource::redirect);
    }

    @GET
    @Path("finished")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "Where the browser lands when no CRM return URL is configured (local runs)")
    @APIResponse(responseCode = "200", description = "The outcome, in words")
    public String oauthFinished(@QueryParam("provider") String provider, @QueryParam("outcome") String outcome,
            @QueryParam("connection") String connection) {
        return "Provider: " + provider + "\nOutcome: " + outcome + (connection == null ? "" : "\nConnection: " + connection) + "\n";
    }

    private static Response redirect(Redirect redirect) {
        // The start token and the callback's code and state are in our URLs: never cached, never sent on as a Referer.
        Response.ResponseBuilder response = Response.status(Response.Status.FOUND).location(redirect.location())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Referrer-Policy", "no-referrer");
        redirect.cookie().ifPresent(cookie -> response.cookie(new NewCookie.Builder(cookie.name())
                .value(cookie.value())
                .path(cookie.path())
                .maxAge((int) cookie.maxAge().toSeconds())
                .httpOnly(true)
                .secure(cookie.secure())
                .sameSite(NewCookie.SameSite.LAX)
                .build()));
        return response.build();
    }
}
