package com.crm.integrations.token;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * A stable, one-way name of the provider account a connection reaches, for {@code connection.changed.v2}: consumers
 * compare it to see a reconnect reach another account, and never learn the account's id or login from it.
 *
 * <p>
 * Unpadded base64url of SHA-256 over length-prefixed fields (a 4-byte big-endian length of each field's UTF-8 bytes,
 * then the bytes): {@value #DOMAIN}, the tenant id, the provider's name, {@code id} and the provider's id of the
 * account; only when the provider gives no id, {@code login} and the login trimmed and lower-cased. Empty when the
 * connection records neither (a Mailchimp API key, an OAuth provider without identity). docs/events.md describes it
 * for consumers.
 */
public final class AccountFingerprint {

    /** The first field: names what is hashed, so this hash never equals one made of the same fields for another use. */
    static final String DOMAIN = "crm.integrations.provider-account.v1";

    private AccountFingerprint() {
    }

    /** The fingerprint of the account {@code connection} reaches, if it records one. */
    public static Optional<String> of(Connection connection) {
        return of(connection.tenantId(), connection.provider(), connection.account());
    }

    /** The fingerprint of {@code account} of {@code tenantId} at {@code provider}, if the account has an id or a login. */
    public static Optional<String> of(String tenantId, String provider, ProviderAccount account) {
        Optional<String> id = account.id().filter(value -> !value.isBlank());
        if (id.isPresent()) {
            return Optional.of(hash(DOMAIN, tenantId, provider, "id", id.get()));
        }
        return account.login().map(login -> login.trim().toLowerCase(Locale.ROOT)).filter(login -> !login.isEmpty())
                .map(login -> hash(DOMAIN, tenantId, provider, "login", login));
    }

    private static String hash(String... fields) {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        for (String field : fields) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            input.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
            input.writeBytes(bytes);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256().digest(input.toByteArray()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("Every Java platform has SHA-256", impossible);
        }
    }
}
