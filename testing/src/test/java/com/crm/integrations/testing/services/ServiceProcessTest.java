package com.crm.integrations.testing.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.crm.integrations.testing.support.AppProcess;
import com.crm.integrations.testing.support.FakeApp;
import com.crm.integrations.testing.support.FreePorts;
import com.crm.integrations.testing.support.PropertiesFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The launchers of token-service, calendar-service and mailchimp-service, each with a stand-in for its jar (the real
 * ones are built by other modules), and what they say about each service held against the service's own files.
 */
class ServiceProcessTest {

    /** What the test resource would supply with token-service on, its secrets recognisable. */
    static final Map<String, String> INFRASTRUCTURE = Map.of(
            "integrations.postgres.host", "127.0.0.1",
            "integrations.postgres.port", "15999",
            "integrations.postgres.database", "integrations",
            "integrations.postgres.username", "integrations",
            "integrations.postgres.password", "pg-pass-7d1e",
            "kafka.bootstrap.servers", "127.0.0.1:19999",
            "integrations.identity.url", "http://127.0.0.1:18999",
            "integrations.identity.client-secret", "identity-secret-5a0c",
            "integrations.test.providers.client-secret", "providers-secret-93fb",
            "integrations.token-service.url", "http://127.0.0.1:17999");
    private static final List<String> SECRETS = List.of("pg-pass-7d1e", "identity-secret-5a0c", "providers-secret-93fb");

    /** A launcher as the test resource calls it, and what the service must be given. */
    record Launcher(String name, String jarProperty, String schema, BiFunction<Integer, Map<String, String>, ServiceProcess> start,
            List<String> expected) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Launcher> launchers() {
        List<String> shared = List.of("integrations.postgres.port=15999", "kafka.bootstrap.servers=127.0.0.1:19999",
                "integrations.identity.url=http://127.0.0.1:18999", "env INTEGRATIONS_POSTGRES_PASSWORD=pg-pass-7d1e",
                "env INTEGRATIONS_IDENTITY_CLIENT_SECRET=identity-secret-5a0c");
        return Stream.of(
                new Launcher(TokenServiceProcess.NAME, TokenServiceProcess.JAR_PROPERTY, TokenServiceProcess.SCHEMA,
                        TokenServiceProcess::start, with(shared, "integrations.postgres.schema=token",
                                "integrations.token.public-url=http://127.0.0.1:{port}",
                                "integrations.providers.google.token-url=http://127.0.0.1:18999/google/token",
                                "integrations.providers.microsoft.client-id=00000000-0000-4000-8000-000000000001",
                                "integrations.providers.mailchimp.metadata-url=http://127.0.0.1:18999/mailchimp/oauth2/metadata",
                                "env INTEGRATIONS_PROVIDERS_GOOGLE_CLIENT_SECRET=providers-secret-93fb",
                                "env INTEGRATIONS_PROVIDERS_MICROSOFT_CLIENT_SECRET=providers-secret-93fb",
                                "env INTEGRATIONS_PROVIDERS_MAILCHIMP_CLIENT_SECRET=providers-secret-93fb")),
                new Launcher(CalendarServiceProcess.NAME, CalendarServiceProcess.JAR_PROPERTY, CalendarServiceProcess.SCHEMA,
                        CalendarServiceProcess::start, with(shared, "integrations.postgres.schema=calendar",
                                "integrations.token-service.url=http://127.0.0.1:17999",
                                "integrations.calendar.google.base-url=http://127.0.0.1:18999/google/calendar/v3",
                                "integrations.calendar.microsoft.base-url=http://127.0.0.1:18999/graph/v1.0",
                                "integrations.calendar.sync.interval=1h",
                                "integrations.calendar.google.http.breaker-delay=2s")),
                new Launcher(MailchimpServiceProcess.NAME, MailchimpServiceProcess.JAR_PROPERTY, MailchimpServiceProcess.SCHEMA,
                        MailchimpServiceProcess::start, with(shared, "integrations.postgres.schema=mailchimp",
                                "integrations.token-service.url=http://127.0.0.1:17999",
                                "integrations.mailchimp.webhooks.public-url=http://127.0.0.1:{port}",
                                "integrations.mailchimp.activity.interval=1s",
                                "integrations.mailchimp.api.http.max-retries=1")));
    }

    @AfterEach
    void forgetTheJars() {
        launchers().forEach(launcher -> System.clearProperty(launcher.jarProperty()));
    }

    @ParameterizedTest
    @MethodSource("launchers")
    void startsAgainstTheInfrastructureWithItsSecretsOnlyInItsEnvironment(Launcher launcher) throws Exception {
        // Given
        System.setProperty(launcher.jarProperty(), FakeApp.jar().toString());
        int port = FreePorts.next();

        // When
        ProcessHandle process;
        Path log;
        try (ServiceProcess service = launcher.start().apply(port, INFRASTRUCTURE)) {
            process = service.process();
            log = service.logFile();
            String config = get(service.url() + "/config");

            // Then
            assertEquals("http://127.0.0.1:" + port, service.url());
            List<String> lines = config.lines().toList();
            for (String expected : launcher.expected()) {
                String line = expected.replace("{port}", Integer.toString(port));
                assertTrue(lines.contains(line), () -> line + " missing from:\n" + config);
            }
            String commandLine = process.info().commandLine().orElse("");
            for (String secret : SECRETS) {
                assertFalse(commandLine.contains(secret), "a secret is visible on the command line: " + commandLine);
            }
            assertTrue(log.startsWith(Path.of("target").toAbsolutePath()), log.toString());
            assertTrue(log.getFileName().toString().startsWith(launcher.name() + "-"), log.toString());
        }
        assertFalse(process.isAlive(), launcher + " still runs after close");
        assertFalse(FreePorts.isListening(port));
        assertTrue(Files.isRegularFile(log), "its log is kept after close");
    }

    @ParameterizedTest
    @MethodSource("launchers")
    void aMissingJarSaysToPackageTheService(Launcher launcher) {
        // Given
        System.setProperty(launcher.jarProperty(), "/nonexistent/" + launcher.name() + "/target/quarkus-app/quarkus-run.jar");

        // When
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> launcher.start().apply(FreePorts.next(), INFRASTRUCTURE));

        // Then
        assertTrue(failure.getMessage().contains("./mvnw package -pl " + launcher.name() + " -am"), failure.getMessage());
        assertTrue(failure.getMessage().contains("-D" + launcher.jarProperty()), failure.getMessage());
    }

    @ParameterizedTest
    @MethodSource("launchers")
    void itsNameSchemaAndJarAreTheServicesOwn(Launcher launcher) {
        // Given: the service's own configuration, whose application name is its identity client id
        Properties own = PropertiesFiles.read(AppProcess.repositoryRoot().resolve(launcher.name() + "/src/main/resources/application.properties"));

        // Then
        assertEquals(launcher.name(), own.getProperty("quarkus.application.name"));
        assertEquals(launcher.schema(), own.getProperty("integrations.postgres.schema"));
        assertEquals(ServiceProcess.jarProperty(launcher.name()), launcher.jarProperty());
        assertEquals(AppProcess.repositoryRoot().resolve(launcher.name() + "/target/quarkus-app/quarkus-run.jar"),
                ServiceProcess.locateJar(launcher.name()));
    }

    @ParameterizedTest
    @MethodSource("launchers")
    void refusesInfrastructureWithoutTheSandbox(Launcher launcher) {
        // Given
        Map<String, String> withoutSandbox = new LinkedHashMap<>(INFRASTRUCTURE);
        withoutSandbox.remove("integrations.identity.url");

        // When
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> launcher.start().apply(FreePorts.next(), withoutSandbox));

        // Then
        assertTrue(failure.getMessage().contains(launcher.name() + " needs integrations.identity.url"), failure.getMessage());
    }

    @Test
    void calendarAndMailchimpServiceRefuseInfrastructureWithoutTokenService() {
        // Given
        Map<String, String> withoutTokenService = new LinkedHashMap<>(INFRASTRUCTURE);
        withoutTokenService.remove("integrations.token-service.url");

        // When
        IllegalArgumentException calendar = assertThrows(IllegalArgumentException.class,
                () -> CalendarServiceProcess.configuration(withoutTokenService));
        IllegalArgumentException mailchimp = assertThrows(IllegalArgumentException.class,
                () -> MailchimpServiceProcess.configuration("http://127.0.0.1:1", withoutTokenService));

        // Then
        assertTrue(calendar.getMessage().contains("calendar-service needs integrations.token-service.url"), calendar.getMessage());
        assertTrue(mailchimp.getMessage().contains("mailchimp-service needs integrations.token-service.url"), mailchimp.getMessage());
    }

    private static List<String> with(List<String> shared, String... own) {
        return Stream.concat(shared.stream(), Stream.of(own)).toList();
    }

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
