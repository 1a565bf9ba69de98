package com.crm.integrations.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class AccountFingerprintTest {

    private static final String TENANT = "tenant-acme";

    private static ProviderAccount account(String id, String login) {
        return new ProviderAccount(Optional.ofNullable(id), Optional.ofNullable(login), Optional.empty(), Optional.empty());
    }

    private static String fingerprint(String tenant, String provider, ProviderAccount account) {
        return AccountFingerprint.of(tenant, provider, account).orElseThrow();
    }

    @Test
    void isTheDocumentedHashOfTheAccountsId() throws Exception {
        // Given: what docs/events.md tells a consumer
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (String field : new String[] { "crm.integrations.provider-account.v1", TENANT, "google", "id", "108234567890123456789" }) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            sha256.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            sha256.update(bytes);
        }
        String documented = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest());
        // When
        String fingerprint = fingerprint(TENANT, "google", account("108234567890123456789", "ana@example.com"));
        // Then
        assertEquals(documented, fingerprint);
        assertTrue(fingerprint.matches("[A-Za-z0-9_-]{43}"), fingerprint);
    }

    @Test
    void staysTheSameForTheSameAccountWhateverItsLoginOrDataCentre() {
        // Given
        ProviderAccount before = account("108234567890123456789", "ana@example.com");
        ProviderAccount after = new ProviderAccount(Optional.of("108234567890123456789"), Optional.of("ana.new@example.com"),
                Optional.of("us21"), Optional.of(URI.create("https://us21.api.mailchimp.com")));
        // When / Then
        assertEquals(fingerprint(TENANT, "google", before), fingerprint(TENANT, "google", after));
    }

    @Test
    void differsForAnotherAccountTenantOrProvider() {
        String ana = fingerprint(TENANT, "google", account("108234567890123456789", null));
        assertNotEquals(ana, fingerprint(TENANT, "google", account("108234567890123456780", null)));
        assertNotEquals(ana, fingerprint("tenant-other", "google", account("108234567890123456789", null)));
        assertNotEquals(ana, fingerprint(TENANT, "microsoft", account("108234567890123456789", null)));
    }

    @Test
    void keepsFieldsApartByTheirLengths() {
        // "ab" + "c" and "a" + "bc" run together into the same bytes without the length prefixes
        assertNotEquals(fingerprint("ab", "c", account("x", null)), fingerprint("a", "bc", account("x", null)));
    }

    @Test
    void fallsBackToTheLoginOnlyWhenTheProviderGivesNoId() {
        // Given
        String byLogin = fingerprint(TENANT, "acme", account(null, "Ana@Example.com "));
        // Then: the login lower-cased and trimmed, never equal to an id that happens to read the same
        assertEquals(byLogin, fingerprint(TENANT, "acme", account(null, "ana@example.com")));
        assertNotEquals(byLogin, fingerprint(TENANT, "acme", account("ana@example.com", null)));
        assertNotEquals(byLogin, fingerprint(TENANT, "acme", account(null, "bob@example.com")));
    }

    @Test
    void neverContainsTheLoginOrTheId() {
        // When
        String fingerprint = fingerprint(TENANT, "mapbox", account("ana", "ana"));
        // Then
        assertFalse(fingerprint.contains("ana"), fingerprint);
    }

    @Test
    void isAbsentWhenTheConnectionRecordsNoAccount() {
        // A Mailchimp API key: its check names the data centre, no account
        ProviderAccount mailchimpKey = new ProviderAccount(Optional.empty(), Optional.empty(), Optional.of("us21"),
                Optional.of(URI.create("https://us21.api.mailchimp.com")));
        assertEquals(Optional.empty(), AccountFingerprint.of(TENANT, "mailchimp", mailchimpKey));
        assertEquals(Optional.empty(), AccountFingerprint.of(TENANT, "acme", ProviderAccount.UNKNOWN));
        assertEquals(Optional.empty(), AccountFingerprint.of(TENANT, "acme", account(" ", " ")));
    }
}
