package com.crm.integrations.reliability;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Looks for secrets in texts: each secret as written, and as the hex of its bytes (how PostgreSQL renders bytea); a key
 * ring's keys ({@code <id>:<base64>[,...]}) also as the hex of each key's raw bytes. Secrets shorter than
 * {@value #MIN_LENGTH} characters are left out (they would match by chance).
 */
final class SecretScan {

    static final int MIN_LENGTH = 12;

    /** A secret found in a place: where (a table, a log file, a topic) and a safe description of the secret. */
    record Hit(String place, String secret) {
    }

    private SecretScan() {
    }

    /** The forms to look for, per secret (each secret's description as the key of its forms). */
    static Map<String, Set<String>> forms(Iterable<String> secrets, String keyRing) {
        Map<String, Set<String>> forms = new java.util.LinkedHashMap<>();
        for (String secret : secrets) {
            if (secret == null || secret.length() < MIN_LENGTH) {
                continue;
            }
            Set<String> each = new LinkedHashSet<>();
            each.add(secret);
            each.add(HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)));
            forms.put(describe(secret) + " #" + (forms.size() + 1), each);
        }
        if (keyRing != null) {
            for (String entry : keyRing.split(",")) {
                String key = entry.substring(entry.indexOf(':') + 1).trim();
                Set<String> each = new LinkedHashSet<>();
                each.add(key);
                each.add(HexFormat.of().formatHex(Base64.getDecoder().decode(key)));
                forms.put("key ring key " + describe(key) + " #" + (forms.size() + 1), each);
            }
        }
        return forms;
    }

    /** Every (place, secret) where one of the secret's forms occurs in one of the place's texts. */
    static List<Hit> search(Map<String, Set<String>> forms, Map<String, ? extends Iterable<String>> places) {
        List<Hit> hits = new ArrayList<>();
        places.forEach((place, texts) -> forms.forEach((secret, variants) -> {
            for (String text : texts) {
                if (variants.stream().anyMatch(text::contains)) {
                    hits.add(new Hit(place, secret));
                    return;
                }
            }
        }));
        return hits;
    }

    /** Its first four characters and its length: enough to find it, not enough to use it. */
    static String describe(String secret) {
        return secret.substring(0, Math.min(4, secret.length())) + "… (" + secret.length() + " chars)";
    }
}
