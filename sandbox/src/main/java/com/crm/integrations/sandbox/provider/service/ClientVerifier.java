package com.crm.integrations.sandbox.provider.service;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.identity.ClientCredentials;
import com.crm.integrations.sandbox.provider.Refusal;
import com.crm.integrations.sandbox.provider.config.ProvidersConfig;

import io.quarkus.runtime.Startup;

/**
 * Checks the stand-in apps' credentials against {@code sandbox.providers.client-secret}, comparing SHA-256 digests in
 * constant time.
 */
@Startup // so that a missing secret is reported at start-up, not at the first request
@Singleton
public class ClientVerifier {

    private static final Logger LOG = Logger.getLogger(ClientVerifier.class);

    private final Optional<byte[]> secretDigest;

    @Inject
    ClientVerifier(ProvidersConfig config) {
        this(config.clientSecret().filter(secret -> !secret.isBlank()));
    }

    /** For tests that need no Quarkus. */
    public ClientVerifier(Optional<String> secret) {
        this.secretDigest = secret.map(ClientVerifier::sha256);
        if (secretDigest.isEmpty()) {
            LOG.warn("sandbox.providers.client-secret is unset: every token request to the provider stand-ins will be refused with invalid_client");
        }
    }

    /**
     * @return empty when {@code credentials} are the registered client's; else why not: {@link Refusal#UNKNOWN_CLIENT}
     *         (another client id, or no secret configured) or {@link Refusal#WRONG_SECRET}
     */
    public Optional<Refusal> verify(String registeredClientId, ClientCredentials credentials) {
        if (!registeredClientId.equals(credentials.clientId()) || secretDigest.isEmpty()) {
            LOG.infof("Refused provider client: client_id=%s reason=%s", credentials.clientId(),
                    secretDigest.isEmpty() ? "no client secret configured" : "unknown client");
            return Optional.of(Refusal.UNKNOWN_CLIENT);
        }
        if (!matches(credentials, secretDigest.get())) {
            LOG.infof("Refused provider client: client_id=%s reason=wrong secret", credentials.clientId());
            return Optional.of(Refusal.WRONG_SECRET);
        }
        return Optional.empty();
    }

    /** Basic secrets may come form-encoded (RFC 6749 §2.3.1) or raw; both are tried, each in constant time. */
    private static boolean matches(ClientCredentials credentials, byte[] expected) {
        boolean raw = MessageDigest.isEqual(sha256(credentials.clientSecret()), expected);
        if (!credentials.basic()) {
            return raw;
        }
        String decoded;
        try {
            decoded = URLDecoder.decode(credentials.clientSecret(), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            decoded = credentials.clientSecret();
        }
        return raw | MessageDigest.isEqual(sha256(decoded), expected);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }
}
