package com.crm.integrations.sandbox.provider.service;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.provider.Provider;

/** The profile of each OAuth stand-in, for what the control API does by {@code {provider}}. */
@Singleton
public class ProviderProfiles {

    private final Map<Provider, ProviderProfile> profiles = new EnumMap<>(Provider.class);

    ProviderProfiles(Instance<ProviderProfile> all) {
        all.forEach(profile -> profiles.put(profile.provider(), profile));
        List<Provider> missing = List.of(Provider.values()).stream().filter(provider -> !profiles.containsKey(provider)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("No profile for " + missing);
        }
    }

    public ProviderProfile of(Provider provider) {
        return profiles.get(provider);
    }
}
