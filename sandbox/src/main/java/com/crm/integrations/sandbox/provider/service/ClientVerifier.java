package com.crm.integrations.sandbox.provider.service;

import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.oauth.ClientCredentials;
import com.crm.integrations.sandbox.oauth.SharedSecret;
import com.crm.integrations.sandbox.provider.Refusal;
import com.crm.integrations.sandbox.provider.config.ProvidersConfig;

import io.quarkus.runtime.Startup;

/**
 * Checks the stand-in apps' credentials against {@code sandbox.providers.client-secret}, in constant time
 * ({@link SharedSecret}).
 */
@Startup // so that a missing secret is reported at start-up, not at the first request
@Singleton
public class ClientVerifier {

    private static final Logger LOG = Logger.getLogger(ClientVerifier.class);

    private final Optional<SharedSecret> secret;

    @Inject
    ClientVerifier(ProvidersConfig config) {
        this(config.clientSecret().filter(secret -> !secret.isBlank()));
    }

    /** For tests that need no Quarkus. */
    public ClientVerifier(Optional<String> secret) {
        this.secret = secret.map(SharedSecret::new);
        if (this.secret.isEmpty()) {
            LOG.warn("sandbox.providers.client-secret is unset: every token request to the provider stand-ins will be refused with invalid_client");
        }
    }

    /**
     * @return empty when {@code credentials} are the registered client's; else why not: {@link Refusal#UNKNOWN_CLIENT}
     *         (another client id, or no secret configured) or {@link Refusal#WRONG_SECRET}
     */
    public Optional<Refusal> verify(String registeredClientId, ClientCredentials credentials) {
        if (!registeredClientId.equals(credentials.clientId()) || secret.isEmpty()) {
            LOG.infof("Refused provider client: client_id=%s reason=%s", credentials.clientId(),
                    secret.isEmpty() ? "no client secret configured" : "unknown client");
            return Optional.of(Refusal.UNKNOWN_CLIENT);
        }
        if (!secret.get().matches(credentials)) {
            LOG.infof("Refused provider client: client_id=%s reason=wrong secret", credentials.clientId());
            return Optional.of(Refusal.WRONG_SECRET);
        }
        return Optional.empty();
    }
}
