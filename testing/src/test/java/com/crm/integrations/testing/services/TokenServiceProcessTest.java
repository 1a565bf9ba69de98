package com.crm.integrations.testing.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.crm.integrations.testing.support.AppProcess;
import com.crm.integrations.testing.support.FakeApp;
import com.crm.integrations.testing.support.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only the token-service launcher does (its key ring, its callbacks), with a stand-in for token-service's jar;
 * what every launcher does is {@link ServiceProcessTest}'s.
 */
class TokenServiceProcessTest {

    private static final Map<String, String> INFRASTRUCTURE = ServiceProcessTest.INFRASTRUCTURE;

    @BeforeEach
    void useTheFakeJar() throws Exception {
        System.setProperty(TokenServiceProcess.JAR_PROPERTY, FakeApp.jar().toString());
    }

    @AfterEach
    void forgetTheFakeJar() {
        System.clearProperty(TokenServiceProcess.JAR_PROPERTY);
    }

    @Test
    void everyStartGetsANewKeyRingThatTravelsAsASecret() {
        // When
        String first = TokenServiceProcess.configuration("http://127.0.0.1:1", INFRASTRUCTURE).get("integrations.token.encryption.keys");
        String second = TokenServiceProcess.configuration("http://127.0.0.1:1", INFRASTRUCTURE).get("integrations.token.encryption.keys");

        // Then
        assertNotEquals(first, second);
        assertTrue(AppProcess.isSecret("integrations.token.encryption.keys"));
    }

    @Test
    void everyKeyRingIsNewAndHoldsOneAes256Key() {
        // When
        String first = TokenServiceProcess.newKeyRing();
        String second = TokenServiceProcess.newKeyRing();

        // Then
        assertNotEquals(first, second);
        assertTrue(first.matches("test-[0-9a-f]{8}:[A-Za-z0-9+/=]+"), first.split(":")[0]);
        assertEquals(32, Base64.getDecoder().decode(first.split(":")[1]).length);
    }

    @Test
    void theRedirectUrisAreItsGoogleMicrosoftAndMailchimpCallbacks() {
        // When
        List<String> uris = TokenServiceProcess.callbackUris("http://127.0.0.1:21000");

        // Then
        assertEquals(List.of("http://127.0.0.1:21000/oauth/google/callback", "http://127.0.0.1:21000/oauth/microsoft/callback",
                "http://127.0.0.1:21000/oauth/mailchimp/callback"), uris);
    }

    @Test
    void anAppThatExitsBeforeItIsReadyIsReportedWithItsLog() {
        // Given
        Map<String, String> configuration = new LinkedHashMap<>(TokenServiceProcess.configuration("http://127.0.0.1:1", INFRASTRUCTURE));
        configuration.put("fake.exit-code", "3");

        // When
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> TokenServiceProcess.start(FreePorts.next(), configuration, TokenServiceProcess.JVM_OPTIONS));

        // Then
        assertTrue(failure.getMessage().contains("exited with 3"), failure.getMessage());
        assertTrue(failure.getMessage().contains("fake app: exiting with 3 as told"), failure.getMessage());
        String logPath = failure.getMessage().replaceAll("(?s).*Its log \\(([^)]*)\\).*", "$1");
        assertTrue(Files.isRegularFile(Path.of(logPath)), failure.getMessage());
    }
}
