package com.crm.integrations.sandbox.identity.service;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.error.InvalidClientException;
import com.crm.integrations.sandbox.identity.ClientCredentials;
import com.crm.integrations.sandbox.identity.config.IdentityConfig;

import io.quarkus.runtime.Startup;

/**
 * Authenticates the registered clients, which all share {@code sandbox.identity.client-secret}.
 * Secrets are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so the time taken
 * tells nothing about the secret, its length, or whether the client id exists.
 */
@Startup // so that a missing secret is reported at start-up, not at the first request
@Singleton
public class ClientAuthenticator {

    private static final Logger LOG = Logger.getLogger(ClientAuthenticator.class);

    private final Set<String> clients;
    private final Optional<byte[]> secretDigest;

    @Inject
    ClientAuthenticator(IdentityConfig config) {
        this(Set.copyOf(config.clients()), config.clientSecret().filter(secret -> !secret.isBlank()));
    }

    /** For tests that need no Quarkus. */
    public ClientAuthenticator(Set<String> clients, Optional<String> secret) {
        this.clients = Set.copyOf(clients);
        this.secretDigest = secret.map(ClientAuthenticator::sha256);
        if (secretDigest.isEmpty()) {
            LOG.warn("sandbox.identity.client-secret is unset: every client_credentials request will be refused with invalid_client");
        }
    }

    /**
     * @return the authenticated client id
     * @throws InvalidClientException when the client is unknown, the secret is wrong, or no secret is configured
     */
    public String authenticate(ClientCredentials credentials) {
        boolean secretMatches = secretDigest.isPresent() && matches(credentials, secretDigest.get());
        boolean known = clients.contains(credentials.clientId());
        if (!(secretMatches && known)) {
            LOG.infof("Refused client authentication: client_id=%s method=%s reason=%s", credentials.clientId(),
                    credentials.basic() ? "client_secret_basic" : "client_secret_post",
                    secretDigest.isEmpty() ? "no client secret configured" : known ? "wrong secret" : "unknown client");
            throw new InvalidClientException(credentials.basic());
        }
        return credentials.clientId();
    }

    /**
     * RFC 6749 §2.3.1 has Basic credentials form-encoded before base64; many clients skip that
     * step. Both forms are accepted, each compared in constant time.
     */
    private static boolean matches(ClientCredentials credentials, byte[] expected) {
        String presented = credentials.clientSecret();
        boolean raw = MessageDigest.isEqual(sha256(presented), expected);
        if (!credentials.basic()) {
            return raw;
        }
        boolean decoded = MessageDigest.isEqual(sha256(formDecode(presented)), expected);
        return raw | decoded;
    }

    private static String formDecode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return value;
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }
}
