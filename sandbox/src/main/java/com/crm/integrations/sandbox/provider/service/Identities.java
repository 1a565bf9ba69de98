package com.crm.integrations.sandbox.provider.service;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/** Stable identifiers derived from an account, so that the same user gets the same ids across grants and restarts. */
final class Identities {

    private Identities() {
    }

    /** {@code digits} decimal digits, the first not 0. */
    static String numeric(String namespace, String account, int digits) {
        BigInteger bound = BigInteger.TEN.pow(digits - 1);
        BigInteger value = new BigInteger(1, sha256(namespace + '\n' + account)).mod(bound.multiply(BigInteger.valueOf(9))).add(bound);
        return value.toString();
    }

    static UUID uuid(String namespace, String value) {
        return UUID.nameUUIDFromBytes((namespace + '\n' + value).getBytes(StandardCharsets.UTF_8));
    }

    /** The domain of an e-mail address, or the login itself. */
    static String domain(String account) {
        int at = account.lastIndexOf('@');
        return (at < 0 ? account : account.substring(at + 1)).toLowerCase(Locale.ROOT);
    }

    /** {@code ada.lovelace@example.com} → {@code Ada Lovelace}. */
    static String displayName(String account) {
        int at = account.indexOf('@');
        String local = at < 0 ? account : account.substring(0, at);
        return Arrays.stream(local.split("[._+-]+"))
                .filter(part -> !part.isEmpty())
                .map(part -> part.substring(0, 1).toUpperCase(Locale.ROOT) + part.substring(1))
                .collect(Collectors.joining(" "));
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }
}
