package com.crm.integrations.token.service;

import java.util.Optional;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.problem.ResourceNotFoundException;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.common.security.Caller;
import com.crm.integrations.token.ProviderDefinition;
import com.crm.integrations.token.Secret;
import com.crm.integrations.token.TokenGrant;
import com.crm.integrations.token.client.ApiKeyClient;
import com.crm.integrations.token.client.ProviderClients;
import com.crm.integrations.token.config.ProviderRegistry;
import com.crm.integrations.token.repository.ConnectionRepository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** Checks an API key with its provider, then stores it as the tenant's one live connection to that provider. */
@Singleton
public class ApiKeyConnections {

    private static final Logger LOG = Logger.getLogger(ApiKeyConnections.class);

    private final Pool pool;
    private final ConnectionRepository connections;
    private final ConnectionWriter writer;
    private final ProviderRegistry providers;
    private final ProviderClients clients;
    private final TenantPolicies policies;

    public ApiKeyConnections(Pool pool, ConnectionRepository connections, ConnectionWriter writer, ProviderRegistry providers,
            ProviderClients clients, TenantPolicies policies) {
        this.pool = pool;
        this.connections = connections;
        this.writer = writer;
        this.providers = providers;
        this.clients = clients;
        this.policies = policies;
    }

    /**
     * @throws ApiKeyRejectedException       when the provider refuses the key (nothing stored)
     * @throws ProviderUnavailableException  when the provider did not answer (nothing stored)
     */
    public Uni<StoredOutcome> add(Caller caller, String providerName, Secret key) {
        ProviderDefinition provider = providers.require(providerName);
        ApiKeyClient client = clients.apiKeys(providerName)
                .orElseThrow(() -> new ResourceNotFoundException(providerName + " takes no API keys"));
        String tenant = caller.requireTenant().value();
        return policies.requireAllowed(caller, provider, ConnectionKind.API_KEY)
                .chain(() -> client.check(key).onFailure(ProviderCallException.class)
                        .transform(failure -> new ProviderUnavailableException(provider, (ProviderCallException) failure)))
                .chain(check -> {
                    if (!check.valid()) {
                        throw new ApiKeyRejectedException(check.reason());
                    }
                    TokenGrant grant = new TokenGrant(key, Optional.empty(), Optional.empty(), check.scopes(), Optional.empty());
                    GrantRequest request = GrantRequest.apiKey(tenant, caller.subject(), provider, grant, check.account());
                    return pool.withTransaction(tx -> connections.findLiveForUpdate(tx, tenant, Optional.empty(), providerName)
                            .chain(existing -> writer.store(tx, existing, request)));
                })
                .invoke(outcome -> LOG.infof("API key stored: tenant=%s provider=%s connection=%s reconnected=%s", tenant,
                        providerName, outcome.connection().id(), outcome.reconnected()));
    }
}
