package com.crm.integrations.token.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.inject.Singleton;

import com.crm.integrations.token.ProviderDefinition;
import com.crm.integrations.token.config.ProviderRegistry;

/**
 * The clients of every provider definition, built once: one {@link ProviderHttp} (REST clients and
 * a guard with its own breaker) per definition, and one per Mailchimp data centre, so one data
 * centre's outage does not open the breaker of the others.
 */
@Singleton
public class ProviderClients {

    private final Map<String, OAuthClient> oauth = new ConcurrentHashMap<>();
    private final Map<String, ApiKeyClient> apiKeys = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ProviderHttp> dataCentres = new ConcurrentHashMap<>();

    public ProviderClients(ProviderRegistry registry) {
        for (ProviderDefinition definition : registry.all()) {
            ProviderHttp http = new ProviderHttp(definition.name(), definition);
            definition.oauth().ifPresent(settings -> oauth.put(definition.name(), new OAuthClient(definition, http)));
            definition.apiKeys().ifPresent(settings -> apiKeys.put(definition.name(), new ApiKeyClient(definition, http,
                    dataCentre -> dataCentres.computeIfAbsent(definition.name() + "/" + dataCentre,
                            name -> new ProviderHttp(name, definition)))));
        }
    }

    public Optional<OAuthClient> oauth(String provider) {
        return Optional.ofNullable(oauth.get(provider));
    }

    public Optional<ApiKeyClient> apiKeys(String provider) {
        return Optional.ofNullable(apiKeys.get(provider));
    }

    /** The OAuth providers whose breaker is open on this replica now: a refresh run skips their connections. */
    public List<String> openBreakers() {
        List<String> open = new ArrayList<>();
        for (String provider : oauth.keySet()) {
            if (ProviderHttp.breakerOpen(provider)) {
                open.add(provider);
            }
        }
        return open;
    }
}
