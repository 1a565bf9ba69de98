package com.crm.integrations.token.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * Where a sealed value lives: its row (tenant, provider, connection id) and field. Bound into the
 * ciphertext as associated data, so a ciphertext copied to another row or field fails to unseal.
 *
 * @param tenantId     the tenant owning the connection
 * @param provider     the provider's wire name ({@code google}, {@code microsoft}, ...)
 * @param connectionId the connection row's id
 * @param field        which of the row's secrets this is
 */
public record SealContext(String tenantId, String provider, UUID connectionId, TokenField field) {

    /** First byte of the associated data: the encoding below, version 1. */
    static final byte AAD_VERSION = 1;

    public SealContext {
        requireText(tenantId, "tenantId");
        requireText(provider, "provider");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(field, "field");
    }

    /**
     * The associated data: a version byte, then tenant id, provider, connection id (canonical lowercase
     * UUID text) and the field's wire name, each as a 4-byte big-endian length followed by its UTF-8
     * bytes. Length prefixes make it unambiguous: ("ab", "c") and ("a", "bc") encode differently.
     */
    public byte[] associatedData() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + tenantId.length() + provider.length());
        out.write(AAD_VERSION);
        writeField(out, tenantId);
        writeField(out, provider);
        writeField(out, connectionId.toString());
        writeField(out, field.wireName());
        return out.toByteArray();
    }

    /** For messages and logs: no secret here. */
    @Override
    public String toString() {
        return "tenant " + tenantId + ", provider " + provider + ", connection " + connectionId + ", field " + field;
    }

    private static void writeField(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int length = bytes.length;
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        out.writeBytes(bytes);
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
