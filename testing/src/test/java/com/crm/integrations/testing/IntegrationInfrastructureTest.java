package com.crm.integrations.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.crm.integrations.testing.sandbox.SandboxProcess;
import com.crm.integrations.testing.services.TokenServiceProcess;
import com.crm.integrations.testing.support.FakeApp;
import com.crm.integrations.testing.support.FreePorts;
import com.crm.integrations.testing.support.KafkaRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The test resource, as a Quarkus test would use it (with a stand-in for the sandbox's jar). */
class IntegrationInfrastructureTest {

    private static final IntegrationInfrastructure RESOURCE = new IntegrationInfrastructure();
    private static Map<String, String> config;
    private static Config registered;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty(SandboxProcess.JAR_PROPERTY, FakeApp.jar().toString());
        RESOURCE.init(Map.of());
        config = RESOURCE.start();
        registered = registerAsMicroProfileConfig(config);
    }

    @AfterAll
    static void stop() {
        ConfigProviderResolver.instance().releaseConfig(registered);
        System.clearProperty(SandboxProcess.JAR_PROPERTY);
        if (config != null) {
            RESOURCE.stop();
        }
    }

    @Test
    void suppliesExactlyTheDocumentedKeys() {
        assertEquals(Set.of("integrations.postgres.host", "integrations.postgres.port", "integrations.postgres.database",
                "integrations.postgres.username", "integrations.postgres.password", "kafka.bootstrap.servers",
                "integrations.identity.url", "integrations.identity.client-secret", "integrations.test.postgres.dir",
                "integrations.test.kafka.dir", "integrations.test.providers.client-secret", "quarkus.http.test-port",
                "integrations.test.app-url", "quarkus.devservices.enabled"), config.keySet());
        assertEquals("127.0.0.1", config.get("integrations.postgres.host"));
        assertEquals("integrations", config.get("integrations.postgres.database"));
        assertEquals("integrations", config.get("integrations.postgres.username"));
        assertEquals("false", config.get("quarkus.devservices.enabled"));
        assertTrue(config.get("integrations.identity.client-secret").length() >= 32);
        assertTrue(config.get("integrations.test.providers.client-secret").length() >= 32);
        assertEquals("http://127.0.0.1:" + config.get("quarkus.http.test-port"), config.get("integrations.test.app-url"));
    }

    @Test
    void everythingItSuppliesWorks() throws Exception {
        // PostgreSQL, with the configured coordinates
        assertTrue(postgresAnswers());
        // Kafka
        KafkaRecords.produce(config.get("kafka.bootstrap.servers"), "infrastructure-check", "t", "hello");
        assertEquals(List.of("hello"), KafkaRecords.readAll(config.get("kafka.bootstrap.servers"), "infrastructure-check", 1));
        // The sandbox got the generated secret and its issuer
        String echo = get(config.get("integrations.identity.url") + "/echo");
        assertEquals("secret=" + config.get("integrations.identity.client-secret")
                + "\nissuer=" + config.get("integrations.identity.url") + "/idp", echo);
    }

    @Test
    void testCodeCanStopAndRestorePostgresThroughConfig() throws Exception {
        // When
        Infrastructure.stopPostgres();
        boolean answeredWhileStopped = postgresAnswers();
        Infrastructure.startPostgres();

        // Then
        assertFalse(answeredWhileStopped);
        assertTrue(postgresAnswers());
    }

    @Test
    void testCodeCanStopAndRestoreKafkaThroughConfig() throws Exception {
        // Given
        int port = Integer.parseInt(config.get("kafka.bootstrap.servers").split(":")[1]);

        // When
        Infrastructure.stopKafka();
        boolean listenedWhileStopped = FreePorts.isListening(port);
        Infrastructure.startKafka();

        // Then
        assertFalse(listenedWhileStopped);
        KafkaRecords.produce(config.get("kafka.bootstrap.servers"), "after-restart", "t", "again");
        assertEquals(List.of("again"), KafkaRecords.readAll(config.get("kafka.bootstrap.servers"), "after-restart", 1));
    }

    @Test
    void stopRemovesEverything() {
        // Given
        IntegrationInfrastructure another = new IntegrationInfrastructure();
        another.init(Map.of("kafka", "false"));
        Map<String, String> started = another.start();
        Path postgresDir = Path.of(started.get("integrations.test.postgres.dir"));
        int sandboxPort = Integer.parseInt(started.get("integrations.identity.url").replaceAll(".*:", ""));

        // When
        another.stop();

        // Then
        assertFalse(started.containsKey("kafka.bootstrap.servers"));
        assertFalse(Files.exists(postgresDir));
        assertFalse(FreePorts.isListening(sandboxPort));
    }

    @Test
    void withTokenServiceItStartsItLastRegistersItsCallbacksAndStopsItFirst() throws Exception {
        // Given
        System.setProperty(TokenServiceProcess.JAR_PROPERTY, FakeApp.jar().toString());
        IntegrationInfrastructure another = new IntegrationInfrastructure();
        another.init(Map.of("token-service", "true"));
        Map<String, String> started;
        try {
            // When
            started = another.start();
        } finally {
            System.clearProperty(TokenServiceProcess.JAR_PROPERTY);
        }
        try {
            // Then
            String tokenService = started.get("integrations.token-service.url");
            assertTrue(tokenService.matches("http://127\\.0\\.0\\.1:\\d+"), tokenService);
            assertTrue(Files.isRegularFile(Path.of(started.get("integrations.test.token-service.log"))));
            String sandboxConfig = get(started.get("integrations.identity.url") + "/config");
            assertTrue(sandboxConfig.lines().anyMatch(line -> line.equals("sandbox.providers.redirect-uris=" + tokenService
                    + "/oauth/google/callback," + tokenService + "/oauth/microsoft/callback," + tokenService + "/oauth/mailchimp/callback")),
                    sandboxConfig);
            String tokenServiceConfig = get(tokenService + "/config");
            assertTrue(tokenServiceConfig.lines().anyMatch(line -> line.equals("kafka.bootstrap.servers=" + started.get("kafka.bootstrap.servers"))),
                    tokenServiceConfig);
        } finally {
            another.stop();
        }
        int tokenServicePort = Integer.parseInt(started.get("integrations.token-service.url").replaceAll(".*:", ""));
        assertFalse(FreePorts.isListening(tokenServicePort));
    }

    @Test
    void tokenServiceNeedsTheRest() {
        // Given
        IntegrationInfrastructure withoutKafka = new IntegrationInfrastructure();

        // When
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> withoutKafka.init(Map.of("token-service", "true", "kafka", "false")));

        // Then
        assertTrue(failure.getMessage().contains("token-service needs PostgreSQL, Kafka and the sandbox"), failure.getMessage());
    }

    private static boolean postgresAnswers() {
        try (Connection connection = com.crm.integrations.testing.support.Jdbc.connect(config.get("integrations.postgres.host"),
                Integer.parseInt(config.get("integrations.postgres.port")), config.get("integrations.postgres.database"),
                config.get("integrations.postgres.username"), config.get("integrations.postgres.password"))) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** What Quarkus does with a test resource's map: make it visible through ConfigProvider.getConfig(). */
    private static Config registerAsMicroProfileConfig(Map<String, String> values) {
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Config config = resolver.getBuilder().forClassLoader(loader).withSources(new ConfigSource() {
            @Override
            public Set<String> getPropertyNames() {
                return values.keySet();
            }

            @Override
            public String getValue(String name) {
                return values.get(name);
            }

            @Override
            public String getName() {
                return "integration-infrastructure";
            }
        }).build();
        try {
            resolver.releaseConfig(resolver.getConfig(loader));
        } catch (RuntimeException e) {
            // None registered yet.
        }
        resolver.registerConfig(config, loader);
        return config;
    }
}
