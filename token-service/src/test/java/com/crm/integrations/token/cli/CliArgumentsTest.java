package com.crm.integrations.token.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class CliArgumentsTest {

    private static final Map<String, String> CLIENT = Map.of(CliArguments.CLIENT_ID_ENV, "refresh-cron",
            CliArguments.CLIENT_SECRET_ENV, "s3cret-value");

    @Test
    void theDefaultsReachTheLocalRun() {
        CliArguments args = CliArguments.parse(new String[] { "--dev-token" }, Map.of());

        assertEquals(URI.create("http://localhost:8081"), args.serviceUrl());
        assertEquals(URI.create("http://127.0.0.1:8090/idp/dev-tokens"), args.devTokenUrl());
        assertEquals(Optional.empty(), args.window());
        assertFalse(args.includeMisconfigured());
        assertEquals(CliArguments.Progress.LINES, args.progress());
        assertEquals(Duration.ofHours(2), args.maxWait());
    }

    @Test
    void flagsWinOverTheEnvironment() {
        Map<String, String> env = new java.util.HashMap<>(CLIENT);
        env.put(CliArguments.SERVICE_URL_ENV, "http://token-service");
        env.put(CliArguments.IDENTITY_URL_ENV, "https://identity.crm.example/");

        CliArguments fromEnv = CliArguments.parse(new String[0], env);
        CliArguments flagged = CliArguments.parse(new String[] { "--url=http://127.0.0.1:9999", "--window", "PT24H", "--provider", "google",
                "--tenant", "acme", "--include-misconfigured", "--token-url", "https://login.example/oauth2/token", "--progress", "off" },
                env);

        assertEquals(URI.create("http://token-service"), fromEnv.serviceUrl());
        assertEquals(URI.create("https://identity.crm.example/idp/token"), fromEnv.clientCredentialsUrl());
        assertEquals(URI.create("http://127.0.0.1:9999"), flagged.serviceUrl());
        assertEquals(Optional.of("PT24H"), flagged.window());
        assertEquals(Optional.of("google"), flagged.provider());
        assertEquals(Optional.of("acme"), flagged.tenant());
        assertTrue(flagged.includeMisconfigured());
        assertEquals(URI.create("https://login.example/oauth2/token"), flagged.clientCredentialsUrl());
        assertEquals(CliArguments.Progress.OFF, flagged.progress());
    }

    @Test
    void theClientSecretComesFromTheEnvironmentOnlyAndIsNeverShown() {
        CliArguments args = CliArguments.parse(new String[0], CLIENT);

        assertEquals("s3cret-value", args.client().orElseThrow().clientSecret());
        assertFalse(args.toString().contains("s3cret-value"), args.toString());
        assertThrows(CliArguments.UsageException.class, () -> CliArguments.parse(new String[] { "--client-secret", "x" }, CLIENT));
        assertThrows(CliArguments.UsageException.class,
                () -> CliArguments.parse(new String[0], Map.of(CliArguments.CLIENT_ID_ENV, "refresh-cron")));
    }

    @Test
    void withoutCredentialsOrADevTokenNothingStarts() {
        CliArguments.UsageException refused = assertThrows(CliArguments.UsageException.class,
                () -> CliArguments.parse(new String[0], Map.of()));

        assertTrue(refused.getMessage().contains(CliArguments.CLIENT_ID_ENV), refused.getMessage());
    }

    @Test
    void badArgumentsAreRefused() {
        for (String[] bad : new String[][] { { "--dev-token", "--window", "24h" }, { "--dev-token", "--window" },
                { "--dev-token", "--url", "localhost:8081" }, { "--dev-token", "--progress", "fancy" }, { "--dev-token", "--bogus" },
                { "--dev-token", "--max-wait", "PT0S" }, { "--dev-token", "--include-misconfigured=yes" } }) {
            assertThrows(CliArguments.UsageException.class, () -> CliArguments.parse(bad, Map.of()), String.join(" ", bad));
        }
        assertThrows(CliArguments.UsageException.class, () -> CliArguments.parse(new String[] { "--dev-token" }, CLIENT));
    }

    @Test
    void badArgumentsExitTwoAndHelpExitsZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int bad = RefreshTokens.run(new String[] { "--window", "tomorrow" }, Map.of(), print(out), print(err));
        int help = RefreshTokens.run(new String[] { "--help" }, Map.of(), print(out), print(err));

        assertEquals(2, bad);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("'tomorrow' is not an ISO-8601 duration"));
        assertEquals(0, help);
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: refresh-tokens"));
    }

    @Test
    void anUnreachableIdentityProviderFailsTheCommand() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = RefreshTokens.run(new String[] { "--dev-token", "--identity-url", "http://127.0.0.1:1" }, Map.of(),
                print(new ByteArrayOutputStream()), print(err));

        assertEquals(1, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot reach the identity provider"), err.toString(StandardCharsets.UTF_8));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
