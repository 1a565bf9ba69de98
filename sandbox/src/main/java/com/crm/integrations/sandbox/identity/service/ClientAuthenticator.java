package com.crm.integrations.sandbox.identity.service;

import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.error.InvalidClientException;
import com.crm.integrations.sandbox.identity.config.IdentityConfig;
import com.crm.integrations.sandbox.oauth.ClientCredentials;
import com.crm.integrations.sandbox.oauth.SharedSecret;

import io.quarkus.runtime.Startup;

/**
 * Authenticates the registered clients, which all share {@code sandbox.identity.client-secret}.
 * The secret is always checked, in constant time ({@link SharedSecret}), so the time taken
 * tells nothing about the secret, its length, or whether the client id exists.
 */
@Startup // so that a missing secret is reported at start-up, not at the first request
@Singleton
public class ClientAuthenticator {

    private static final Logger LOG = Logger.getLogger(ClientAuthenticator.class);

    private final Set<String> clients;
    private final Optional<SharedSecret> secret;

    @Inject
    ClientAuthenticator(IdentityConfig config) {
        this(Set.copyOf(config.clients()), config.clientSecret().filter(secret -> !secret.isBlank()));
    }

    /** For tests that need no Quarkus. */
    public ClientAuthenticator(Set<String> clients, Optional<String> secret) {
        this.clients = Set.copyOf(clients);
        this.secret = secret.map(SharedSecret::new);
        if (this.secret.isEmpty()) {
            LOG.warn("sandbox.identity.client-secret is unset: every client_credentials request will be refused with invalid_client");
        }
    }

    /**
     * @return the authenticated client id
     * @throws InvalidClientException when the client is unknown, the secret is wrong, or no secret is configured
     */
    public String authenticate(ClientCredentials credentials) {
        boolean secretMatches = secret.isPresent() && secret.get().matches(credentials);
        boolean known = clients.contains(credentials.clientId());
        if (!(secretMatches && known)) {
            LOG.infof("Refused client authentication: client_id=%s method=%s reason=%s", credentials.clientId(),
                    credentials.basic() ? "client_secret_basic" : "client_secret_post",
                    secret.isEmpty() ? "no client secret configured" : known ? "wrong secret" : "unknown client");
            throw new InvalidClientException(credentials.basic());
        }
        return credentials.clientId();
    }
}
