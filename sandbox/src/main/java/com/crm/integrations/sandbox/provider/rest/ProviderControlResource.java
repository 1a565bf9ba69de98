package com.crm.integrations.sandbox.provider.rest;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.error.NotFoundException;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.TokenFault;
import com.crm.integrations.sandbox.provider.service.IssuedSecrets;
import com.crm.integrations.sandbox.provider.service.ProviderProfiles;
import com.crm.integrations.sandbox.provider.service.ProviderState;
import com.crm.integrations.sandbox.provider.service.SandboxClock;
import com.crm.integrations.sandbox.provider.service.TokenPolicies;
import com.crm.integrations.sandbox.provider.service.TokenRequestLog;

import io.smallrye.common.annotation.NonBlocking;

/**
 * The control API every OAuth stand-in shares, by {@code {provider}}: what a user or provider does outside the OAuth
 * flows (remove the app, have refreshes fail), what tests inspect (refresh-token uses, every secret issued) and the
 * stand-ins' clock. What only one stand-in has lives in its own control resource ({@link MailchimpControlResource},
 * {@link MapboxControlResource}). In memory only, so it runs on the event loop.
 */
@Path("/control")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class ProviderControlResource {

    private final ProviderState state;
    private final IssuedSecrets secrets;
    private final SandboxClock clock;
    private final ProviderProfiles profiles;
    private final TokenPolicies policies;
    private final TokenRequestLog tokenRequests;

    ProviderControlResource(ProviderState state, IssuedSecrets secrets, SandboxClock clock, ProviderProfiles profiles,
            TokenPolicies policies, TokenRequestLog tokenRequests) {
        this.state = state;
        this.secrets = secrets;
        this.clock = clock;
        this.profiles = profiles;
        this.policies = policies;
        this.tokenRequests = tokenRequests;
    }

    /** The user removes the app: every grant of the account at the provider is revoked. */
    @POST
    @Path("/{provider}/accounts/{account}/revoke")
    public void revokeAccount(@RestPath String provider, @RestPath String account) {
        state.revokeAccount(provider(provider), account);
    }

    @POST
    @Path("/{provider}/accounts/{account}/token-errors")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response switchOnTokenError(@RestPath String provider, @RestPath String account, TokenErrorRequest request) {
        TokenFault fault = ControlJson.required(request).toFault();
        state.switchOnTokenFault(provider(provider), account, fault);
        return Response.status(201).entity(fault).build();
    }

    @DELETE
    @Path("/{provider}/accounts/{account}/token-errors")
    public void switchOffTokenError(@RestPath String provider, @RestPath String account) {
        state.switchOffTokenFault(provider(provider), account);
    }

    @GET
    @Path("/{provider}/refresh-tokens")
    public Map<String, List<RefreshTokenView>> refreshTokens(@RestPath String provider) {
        return Map.of("refreshTokens", state.refreshTokens(provider(provider)).stream().map(RefreshTokenView::of).toList());
    }

    @GET
    @Path("/{provider}/token-policy")
    public TokenPolicyView tokenPolicy(@RestPath String provider) {
        return TokenPolicyView.of(policies.get(profiles.of(provider(provider))));
    }

    /** Access-token lifetime and refresh-token rotation of the tokens issued from now on; absent fields: the configured ones. */
    @PUT
    @Path("/{provider}/token-policy")
    @Consumes(MediaType.APPLICATION_JSON)
    public TokenPolicyView setTokenPolicy(@RestPath String provider, TokenPolicyRequest request) {
        TokenPolicyRequest body = ControlJson.required(request);
        return TokenPolicyView.of(policies.set(profiles.of(provider(provider)), body.accessTokenLifetime(), body.rotateRefreshTokens()));
    }

    /** Every request its token endpoint received since the last reset, in arrival order; {@code since}: epoch ms. */
    @GET
    @Path("/{provider}/token-requests")
    public TokenRequestLog.Listing tokenRequests(@RestPath String provider, @RestQuery String since) {
        return tokenRequests.list(provider(provider), since == null ? 0 : epochMillis(since));
    }

    @GET
    @Path("/issued-secrets")
    public Map<String, List<String>> issuedSecrets() {
        return Map.of("secrets", secrets.all());
    }

    /** Moves the stand-ins' clock forward (codes, consent pages, access tokens and Mapbox tokens expire sooner). */
    @POST
    @Path("/clock")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Long> advanceClock(ClockRequest request) {
        return Map.of("offsetSeconds", clock.advance(Duration.ofSeconds(ControlJson.required(request).validSeconds())).toSeconds());
    }

    private static long epochMillis(String since) {
        try {
            long millis = Long.parseLong(since);
            if (millis >= 0) {
                return millis;
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        throw new InvalidRequestException("since must be epoch milliseconds, 0 or more");
    }

    static Provider provider(String prefix) {
        return Provider.ofPrefix(prefix)
                .orElseThrow(() -> new NotFoundException("no OAuth stand-in '" + prefix + "': google, microsoft, mailchimp or generic"));
    }
}
