package com.crm.integrations.sandbox.provider.rest;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;

import com.crm.integrations.sandbox.provider.GrantSeed;
import com.crm.integrations.sandbox.provider.service.GrantSeeder;
import com.crm.integrations.sandbox.provider.service.ProviderProfile;
import com.crm.integrations.sandbox.provider.service.ProviderProfiles;

/**
 * Accounts connected without the consent page, up to 10,000 per request: for tests and benchmarks that need many
 * connections. Minting signs tokens (Microsoft's access tokens are JWTs), so it runs on a worker thread, never the
 * event loop.
 */
@Path("/control")
@Produces(MediaType.APPLICATION_JSON)
public class GrantControlResource {

    private final GrantSeeder seeder;
    private final ProviderProfiles profiles;

    GrantControlResource(GrantSeeder seeder, ProviderProfiles profiles) {
        this.seeder = seeder;
        this.profiles = profiles;
    }

    /** 200 {@code {"grants": [...]}} in account order. */
    @POST
    @Path("/{provider}/grants")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, List<SeededGrantView>> seed(@RestPath String provider, GrantSeedRequest request) {
        ProviderProfile profile = profiles.of(ProviderControlResource.provider(provider));
        GrantSeed seed = ControlJson.required(request).toSeed();
        return Map.of("grants", seeder.seed(profile, seed).stream().map(SeededGrantView::of).toList());
    }
}
