package com.crm.integrations.sandbox.identity.service;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * The identity provider's RSA 2048 signing key: generated in memory at start-up, never read
 * from or written to a file, never logged. Its key id is the RFC 7638 thumbprint of the
 * public key.
 */
@Startup
@Singleton
public class SigningKey {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** A key pair being generated ahead of the bean that will take it; see {@link #generateAhead()}. */
    private static CompletableFuture<KeyPair> ahead;

    private final PrivateKey privateKey;
    private final String keyId;
    private final Map<String, String> publicJwk;

    SigningKey() {
        KeyPair pair = takeGenerated();
        RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
        String n = base64url(publicKey.getModulus());
        String e = base64url(publicKey.getPublicExponent());
        this.privateKey = pair.getPrivate();
        this.keyId = thumbprint(n, e);
        this.publicJwk = Map.of("kty", "RSA", "kid", keyId, "use", "sig", "alg", "RS256", "n", n, "e", e);
    }

    /** The key id tokens carry in their {@code kid} header and the JWKS lists. */
    public String keyId() {
        return keyId;
    }

    /** The public half as a JWK: {@code kty, kid, use, alg, n, e}. */
    public Map<String, String> publicJwk() {
        return publicJwk;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    /** Signs {@code claims} RS256 with this key, its id in the {@code kid} header: for every token the sandbox issues. */
    public String sign(JwtClaimsBuilder claims) {
        return claims.jws().algorithm(SignatureAlgorithm.RS256).keyId(keyId).sign(privateKey);
    }

    /**
     * Starts generating the key pair on a background thread. Generating RSA 2048 in a cold JVM
     * takes 200-600 ms; called from {@code main} before Quarkus boots, it overlaps start-up
     * instead of adding to it. Without this call the bean generates its key itself.
     */
    public static synchronized void generateAhead() {
        if (ahead == null) {
            ahead = CompletableFuture.supplyAsync(SigningKey::generate, task -> {
                Thread thread = new Thread(task, "sandbox-signing-key");
                thread.setDaemon(true);
                thread.start();
            });
        }
    }

    /** Each pair is taken once: an application restarted in the same JVM gets a new key. */
    private static synchronized KeyPair takeGenerated() {
        generateAhead();
        CompletableFuture<KeyPair> pair = ahead;
        ahead = null;
        return pair.join();
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM cannot generate RSA keys", e);
        }
    }

    /** Base64url of the unsigned big-endian bytes, as RFC 7518 §6.3.1 asks for {@code n} and {@code e}. */
    private static String base64url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return BASE64URL.encodeToString(bytes);
    }

    /** RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace. */
    private static String thumbprint(String n, String e) {
        String members = "{\"e\":\"" + e + "\",\"kty\":\"RSA\",\"n\":\"" + n + "\"}";
        try {
            return BASE64URL.encodeToString(MessageDigest.getInstance("SHA-256").digest(members.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("This JVM has no SHA-256", ex);
        }
    }
}
