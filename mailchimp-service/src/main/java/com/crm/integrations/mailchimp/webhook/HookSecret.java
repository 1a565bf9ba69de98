package com.crm.integrations.mailchimp.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A hook's secret: 256 random bits, base64url in the webhook URL. Only its SHA-256 is stored (a fast hash is right for
 * a random 256-bit value: there is nothing to guess), and a presented secret is compared by hash in constant time.
 */
public final class HookSecret {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final String value;

    private HookSecret(String value) {
        this.value = value;
    }

    /** A new secret. */
    public static HookSecret generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new HookSecret(BASE64URL.encodeToString(bytes));
    }

    /** A new public hook id: 128 random bits, base64url (it names the hook; the secret opens it). */
    public static String newHookId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    /** The secret as it goes into the URL; never log it. */
    public String reveal() {
        return value;
    }

    public byte[] hash() {
        return hashOf(value);
    }

    public static byte[] hashOf(String presented) {
        return WebhookForm.sha256().digest(presented.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether two hashes are equal, in time independent of where they differ. */
    public static boolean matches(byte[] presentedHash, byte[] storedHash) {
        return MessageDigest.isEqual(presentedHash, storedHash);
    }

    @Override
    public String toString() {
        return "HookSecret[***]";
    }
}
