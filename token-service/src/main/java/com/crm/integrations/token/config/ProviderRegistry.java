package com.crm.integrations.token.config;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.common.problem.InvalidInputException;
import com.crm.integrations.common.problem.ResourceNotFoundException;
import com.crm.integrations.token.ConnectionPolicy;
import com.crm.integrations.token.ProviderDefinition;

/**
 * The provider definitions in force ({@link ProviderDefinitions} builds them once at start-up), looked
 * up by name.
 */
@Singleton
public class ProviderRegistry {

    private static final Logger LOG = Logger.getLogger(ProviderRegistry.class);

    private final Map<String, ProviderDefinition> definitions;

    @Inject
    public ProviderRegistry(ProvidersConfig config) {
        this(ProviderDefinitions.build(config.definitions()));
    }

    ProviderRegistry(Map<String, ProviderDefinition> definitions) {
        this.definitions = Map.copyOf(definitions);
        definitions.values().forEach(definition -> LOG.infof("Provider %s: oauth=%s, api-keys=%s", definition.name(),
                definition.oauth().isPresent() ? "on" : "off", definition.apiKeys().isPresent() ? "on" : "off"));
    }

    /** The enabled definition called {@code name}. */
    public Optional<ProviderDefinition> find(String name) {
        return Optional.ofNullable(definitions.get(name));
    }

    /** @throws ResourceNotFoundException when no enabled provider has this name */
    public ProviderDefinition require(String name) {
        return find(name).orElseThrow(() -> new ResourceNotFoundException("No provider named '" + name + "' is configured"));
    }

    /** @throws ResourceNotFoundException when no enabled provider has this name, or it takes no OAuth connections */
    public ProviderDefinition requireOAuth(String name) {
        ProviderDefinition provider = require(name);
        if (provider.oauth().isEmpty()) {
            throw new ResourceNotFoundException("No OAuth connections to " + name + " are configured");
        }
        return provider;
    }

    /** The connection policy of a tenant that saved none: every enabled provider. */
    public ConnectionPolicy defaultPolicy() {
        return ConnectionPolicy.defaults(new TreeMap<>(definitions).keySet());
    }

    /** @throws InvalidInputException (422) naming the names no enabled provider has */
    public void requireConfigured(Collection<String> names) {
        List<String> unknown = names.stream().filter(name -> !definitions.containsKey(name)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new InvalidInputException("allowedProviders: no provider named " + unknown + " is configured (configured: "
                    + new TreeMap<>(definitions).keySet() + ")");
        }
    }

    /** Every enabled definition, by name. */
    public Collection<ProviderDefinition> all() {
        return new TreeMap<>(definitions).values();
    }
}
