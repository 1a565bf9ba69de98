package com.crm.integrations.mailchimp.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Mailchimp's member id: lower-case hex MD5 of the lower-cased, trimmed e-mail address (PROVIDERS.md §5.3). */
public final class SubscriberHash {

    private SubscriberHash() {
    }

    public static String of(String email) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5")
                    .digest(email.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md5);
        } catch (NoSuchAlgorithmException absent) {
            throw new IllegalStateException("every Java runtime has MD5", absent);
        }
    }
}
