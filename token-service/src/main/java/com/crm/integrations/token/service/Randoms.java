package com.crm.integrations.token.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random one-time values (start tokens, states, cookies) and the hashes stored in their place. */
final class Randoms {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Randoms() {
    }

    /** 256 random bits, base64url without padding: 43 characters, also a valid PKCE verifier (RFC 7636 §4.1). */
    static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The PKCE S256 challenge of a verifier: BASE64URL(SHA256(ascii(verifier))). */
    static String s256(String verifier) {
        return BASE64URL.encodeToString(sha256(verifier));
    }
}
