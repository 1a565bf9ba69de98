package com.crm.integrations.sandbox.oauth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A client secret, kept only as its SHA-256 digest and compared with {@link MessageDigest#isEqual}, so that the time a
 * check takes tells nothing about the secret or its length. {@code toString} never shows it.
 */
public final class SharedSecret {

    private final byte[] digest;

    public SharedSecret(String secret) {
        this.digest = sha256(secret);
    }

    /**
     * Whether the presented secret is this one. RFC 6749 §2.3.1 has Basic credentials form-encoded before base64; many
     * clients skip that step, so a Basic secret is tried both raw and form-decoded, each in constant time.
     */
    public boolean matches(ClientCredentials presented) {
        boolean raw = MessageDigest.isEqual(sha256(presented.clientSecret()), digest);
        if (!presented.basic()) {
            return raw;
        }
        return raw | MessageDigest.isEqual(sha256(formDecode(presented.clientSecret())), digest);
    }

    @Override
    public String toString() {
        return "SharedSecret[***]";
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
