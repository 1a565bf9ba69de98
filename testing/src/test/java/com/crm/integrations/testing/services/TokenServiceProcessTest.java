package com.crm.integrations.testing.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.crm.integrations.testing.support.FakeApp;
import com.crm.integrations.testing.support.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The token-service launcher, with a stand-in for token-service's jar (the real one is built by another module). */
class TokenServiceProcessTest {

    private static final Map<String, String> INFRASTRUCTURE = Map.of(
            "integrations.postgres.host", "127.0.0.1",
            "integrations.postgres.port", "15999",
            "integrations.postgres.database", "integrations",
            "integrations.postgres.username", "integrations",
            "integrations.postgres.password", "pg-pass-7d1e",
            "kafka.bootstrap.servers", "127.0.0.1:19999",
            "integrations.identity.url", "http://127.0.0.1:18999",
            "integrations.identity.client-secret", "identity-secret-5a0c",
            "integrations.test.providers.client-secret", "providers-secret-93fb");

    @BeforeEach
    void useTheFakeJar() throws Exception {
        System.setProperty(TokenServiceProcess.JAR_PROPERTY, FakeApp.jar().toString());
    }

    @AfterEach
    void forgetTheFakeJar() {
        System.clearProperty(TokenServiceProcess.JAR_PROPERTY);
    }

    @Test
    void startsAgainstTheInfrastructureWithItsSecretsOnlyInItsEnvironment() throws Exception {
        // Given
        int port = FreePorts.next();

        // When
        ProcessHandle process;
        Path log;
        try (TokenServiceProcess tokenService = TokenServiceProcess.start(port, INFRASTRUCTURE)) {
            process = tokenService.process();
            log = tokenService.logFile();
            String config = get(tokenService.url() + "/config");

            // Then
            assertEquals("http://127.0.0.1:" + port, tokenService.url());
            List<String> lines = config.lines().toList();
            for (String expected : List.of("integrations.postgres.schema=token", "integrations.postgres.port=15999",
                    "kafka.bootstrap.servers=127.0.0.1:19999", "integrations.identity.url=http://127.0.0.1:18999",
                    "integrations.token.public-url=http://127.0.0.1:" + port,
                    "integrations.providers.google.token-url=http://127.0.0.1:18999/google/token",
                    "integrations.providers.microsoft.client-id=00000000-0000-4000-8000-000000000001",
                    "integrations.providers.mailchimp.metadata-url=http://127.0.0.1:18999/mailchimp/oauth2/metadata",
                    "env INTEGRATIONS_POSTGRES_PASSWORD=pg-pass-7d1e",
                    "env INTEGRATIONS_IDENTITY_CLIENT_SECRET=identity-secret-5a0c",
                    "env INTEGRATIONS_PROVIDERS_GOOGLE_CLIENT_SECRET=providers-secret-93fb",
                    "env INTEGRATIONS_PROVIDERS_MICROSOFT_CLIENT_SECRET=providers-secret-93fb",
                    "env INTEGRATIONS_PROVIDERS_MAILCHIMP_CLIENT_SECRET=providers-secret-93fb")) {
                assertTrue(lines.contains(expected), () -> expected + " missing from:\n" + config);
            }
            String keyRing = lines.stream().filter(line -> line.startsWith("env INTEGRATIONS_TOKEN_ENCRYPTION_KEYS="))
                    .findFirst().orElseThrow(() -> new AssertionError("no key ring in:\n" + config))
                    .substring("env INTEGRATIONS_TOKEN_ENCRYPTION_KEYS=".length());
            String commandLine = process.info().commandLine().orElse("");
            for (String secret : List.of("pg-pass-7d1e", "identity-secret-5a0c", "providers-secret-93fb", keyRing.split(":")[1])) {
                assertFalse(commandLine.contains(secret), "a secret is visible on the command line: " + commandLine);
            }
            assertTrue(log.startsWith(Path.of("target").toAbsolutePath()), log.toString());
        }
        assertFalse(process.isAlive(), "token-service still runs after close");
        assertFalse(FreePorts.isListening(port));
        assertTrue(Files.isRegularFile(log), "its log is kept after close");
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

    @Test
    void aMissingJarSaysToPackageTokenService() {
        // Given
        System.setProperty(TokenServiceProcess.JAR_PROPERTY, "/nonexistent/token-service/target/quarkus-app/quarkus-run.jar");

        // When
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> TokenServiceProcess.start(FreePorts.next(), INFRASTRUCTURE));

        // Then
        assertTrue(failure.getMessage().contains("./mvnw package -pl token-service -am"), failure.getMessage());
    }

    @Test
    void refusesInfrastructureWithoutTheSandbox() {
        // Given
        Map<String, String> withoutSandbox = new LinkedHashMap<>(INFRASTRUCTURE);
        withoutSandbox.remove("integrations.identity.url");

        // When
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> TokenServiceProcess.configuration("http://127.0.0.1:1", withoutSandbox));

        // Then
        assertTrue(failure.getMessage().contains("integrations.identity.url"), failure.getMessage());
    }

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
