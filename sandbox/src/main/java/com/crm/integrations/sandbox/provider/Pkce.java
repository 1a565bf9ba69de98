package com.crm.integrations.sandbox.provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * An RFC 7636 code challenge: {@code S256} or {@code plain}.
 *
 * @throws IllegalArgumentException from the constructor when the challenge or method is malformed
 */
public record Pkce(String challenge, String method) {

    public static final String S256 = "S256";
    public static final String PLAIN = "plain";

    /** RFC 7636 §4.1: 43-128 unreserved characters; a S256 challenge is their base64url digest, also in that alphabet. */
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    public Pkce {
        if (!S256.equals(method) && !PLAIN.equals(method)) {
            throw new IllegalArgumentException("code_challenge_method must be S256 or plain");
        }
        if (challenge == null || !VALUE.matcher(challenge).matches()) {
            throw new IllegalArgumentException("code_challenge must be 43-128 characters of [A-Za-z0-9._~-]");
        }
    }

    /** Whether {@code verifier} is the one this challenge was made from; a malformed verifier never is. */
    public boolean verifies(String verifier) {
        if (verifier == null || !VALUE.matcher(verifier).matches()) {
            return false;
        }
        String expected = S256.equals(method) ? s256(verifier) : verifier;
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), challenge.getBytes(StandardCharsets.US_ASCII));
    }

    public static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }
}
