package com.crm.integrations.token.crypto;

import java.util.Base64;
import java.util.regex.Pattern;

/** The key id rule, and how an id is shown in a message without ever echoing key material. */
final class KeyIds {

    static final String RULE = "[A-Za-z0-9._-]{1,64}";
    private static final Pattern PATTERN = Pattern.compile(RULE);

    private KeyIds() {
    }

    static boolean isValid(String id) {
        return id != null && PATTERN.matcher(id).matches() && !looksLikeKey(id);
    }

    /**
     * True when {@code text} decodes as base64 to exactly {@link EncryptionKey#LENGTH} bytes: a key
     * pasted where an id belongs (URL-safe base64 without padding also matches the id rule). Such an
     * id is refused and never echoed.
     */
    static boolean looksLikeKey(String text) {
        if (text.length() < 43 || text.length() > 44) {
            return false;
        }
        try {
            return Base64.getUrlDecoder().decode(text).length == EncryptionKey.LENGTH;
        } catch (IllegalArgumentException notUrlSafe) {
            try {
                return Base64.getDecoder().decode(text).length == EncryptionKey.LENGTH;
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
        }
    }

    /** {@code 'k1'} for a valid id; a placeholder for anything else (it could be a misplaced key). */
    static String describe(String id) {
        if (id == null) {
            return "(none)";
        }
        return isValid(id) ? "'" + id + "'" : "(not shown: not a valid key id)";
    }
}
