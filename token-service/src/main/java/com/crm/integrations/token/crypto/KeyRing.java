package com.crm.integrations.token.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The keys tokens are sealed with: every key that may still have rows, each under its id, and the one
 * active key new seals use. Immutable.
 *
 * <p>Rotation: configure the new key beside the old ones and make it active (new seals use it, rows
 * under the old keys still read); re-seal every row ({@link TokenSealer#reseal}) in batches; once no
 * row records the old key id, remove the old key.
 */
public final class KeyRing {

    private final Map<String, EncryptionKey> keys;
    private final EncryptionKey active;

    private KeyRing(Map<String, EncryptionKey> keys, EncryptionKey active) {
        this.keys = keys;
        this.active = active;
    }

    /**
     * A ring of the given keys with {@code activeKeyId} active.
     *
     * @throws KeyRingException if there is no key, two keys share an id, or the active id is not one of
     *                          the keys' (it may be null only when there is exactly one key)
     */
    public static KeyRing of(List<EncryptionKey> keys, String activeKeyId) {
        Objects.requireNonNull(keys, "keys");
        if (keys.isEmpty()) {
            throw new KeyRingException("no encryption key configured");
        }
        Map<String, EncryptionKey> byId = new LinkedHashMap<>();
        for (EncryptionKey key : keys) {
            if (byId.putIfAbsent(key.id(), key) != null) {
                throw new KeyRingException("key id '" + key.id() + "' appears more than once");
            }
        }
        return new KeyRing(Collections.unmodifiableMap(byId), activeKey(byId, activeKeyId));
    }

    /**
     * Parses the key ring from configuration.
     *
     * @param keys        comma-separated {@code id:base64key} entries; each key is 32 bytes in standard
     *                    or URL-safe base64, padding optional; blanks around entries are ignored
     * @param activeKeyId the id of the key new seals use; may be null or blank when {@code keys} holds
     *                    exactly one entry, which is then active
     * @throws KeyRingException naming the entry (by position and id) and what is wrong with it; the
     *                          message never contains key material
     */
    public static KeyRing parse(String keys, String activeKeyId) {
        if (keys == null || keys.isBlank()) {
            throw new KeyRingException("no encryption key configured (expected id:base64key[,id:base64key...])");
        }
        String[] entries = keys.split(",", -1);
        Map<String, EncryptionKey> byId = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i++) {
            EncryptionKey key = parseEntry(entries[i].strip(), i + 1);
            if (byId.putIfAbsent(key.id(), key) != null) {
                throw new KeyRingException("key ring entry " + (i + 1) + ": key id '" + key.id()
                        + "' appears more than once");
            }
        }
        return new KeyRing(Collections.unmodifiableMap(byId), activeKey(byId, activeKeyId));
    }

    /** A ring of one fresh random key, active: for dev and test only, where tokens need not outlive the process. */
    public static KeyRing generate(String id) {
        byte[] bytes = new byte[EncryptionKey.LENGTH];
        new SecureRandom().nextBytes(bytes);
        return of(List.of(new EncryptionKey(id, bytes)), id);
    }

    /** The key new seals use. */
    public EncryptionKey active() {
        return active;
    }

    public Optional<EncryptionKey> get(String keyId) {
        return Optional.ofNullable(keyId == null ? null : keys.get(keyId));
    }

    /** Every key id, in configuration order. */
    public Set<String> ids() {
        return keys.keySet();
    }

    public boolean contains(String keyId) {
        return keyId != null && keys.containsKey(keyId);
    }

    @Override
    public String toString() {
        return "KeyRing[active=" + active.id() + ", ids=" + keys.keySet() + "]";
    }

    private static EncryptionKey parseEntry(String entry, int position) {
        String where = "key ring entry " + position;
        if (entry.isEmpty()) {
            throw new KeyRingException(where + " is empty (expected id:base64key)");
        }
        int colon = entry.indexOf(':');
        if (colon < 0) {
            throw new KeyRingException(where + " is malformed: expected id:base64key");
        }
        String id = entry.substring(0, colon).strip();
        String encoded = entry.substring(colon + 1).strip();
        if (!KeyIds.isValid(id)) {
            throw new KeyRingException(where + " has an invalid key id " + KeyIds.describe(id) + ": expected "
                    + KeyIds.RULE + " (and not a base64 key)");
        }
        where += " (key id '" + id + "')";
        if (encoded.isEmpty()) {
            throw new KeyRingException(where + " has no key after ':'");
        }
        byte[] bytes = decode(encoded);
        if (bytes == null) {
            throw new KeyRingException(where + ": key is not valid base64 (standard or URL-safe)");
        }
        if (bytes.length != EncryptionKey.LENGTH) {
            throw new KeyRingException(where + ": key decodes to " + bytes.length + " bytes; AES-256 needs "
                    + EncryptionKey.LENGTH);
        }
        try {
            return new EncryptionKey(id, bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Standard or URL-safe base64, padding optional; null when it is neither. */
    private static byte[] decode(String encoded) {
        boolean urlSafe = encoded.indexOf('-') >= 0 || encoded.indexOf('_') >= 0;
        try {
            return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(encoded);
        } catch (IllegalArgumentException notBase64) {
            // The JDK's message quotes the offending character: not passed on.
            return null;
        }
    }

    private static EncryptionKey activeKey(Map<String, EncryptionKey> byId, String activeKeyId) {
        if (activeKeyId == null || activeKeyId.isBlank()) {
            if (byId.size() == 1) {
                return byId.values().iterator().next();
            }
            throw new KeyRingException("no active key id configured; with " + byId.size()
                    + " keys it must name one of " + byId.keySet());
        }
        EncryptionKey active = byId.get(activeKeyId.strip());
        if (active == null) {
            throw new KeyRingException("active key id " + KeyIds.describe(activeKeyId.strip())
                    + " is not in the key ring " + byId.keySet());
        }
        return active;
    }
}
