package com.crm.integrations.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.crm.integrations.testing.sandbox.SandboxProcess;
import com.crm.integrations.testing.services.CalendarServiceProcess;
import com.crm.integrations.testing.services.MailchimpServiceProcess;
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
    void withTheServicesItStartsThemLastRegistersTokenServicesCallbacksAndStopsThemFirst() throws Exception {
        // Given
        List<String> jarProperties = List.of(TokenServiceProcess.JAR_PROPERTY, CalendarServiceProcess.JAR_PROPERTY,
                MailchimpServiceProcess.JAR_PROPERTY);
        for (String property : jarProperties) {
            System.setProperty(property, FakeApp.jar().toString());
        }
        IntegrationInfrastructure another = new IntegrationInfrastructure();
        another.init(Map.of("token-service", "true", "calendar-service", "true", "mailchimp-service", "true"));
        Map<String, String> started;
        try {
            // When
            started = another.start();
        } finally {
            jarProperties.forEach(System::clearProperty);
        }
        List<String> urls = List.of(started.get("integrations.token-service.url"), started.get("integrations.test.calendar-service.url"),
                started.get("integrations.test.mailchimp-service.url"));
        try {
            // Then
            for (String url : urls) {
                assertTrue(url.matches("http://127\\.0\\.0\\.1:\\d+"), url);
            }
            assertEquals(3, Set.copyOf(urls).size(), urls.toString());
            for (String log : List.of("integrations.test.token-service.log", "integrations.test.calendar-service.log",
                    "integrations.test.mailchimp-service.log")) {
                assertTrue(Files.isRegularFile(Path.of(started.get(log))), log);
            }
            String tokenService = urls.get(0);
            String sandboxConfig = get(started.get("integrations.identity.url") + "/config");
            assertTrue(sandboxConfig.lines().anyMatch(line -> line.equals("sandbox.providers.redirect-uris=" + tokenService
                    + "/oauth/google/callback," + tokenService + "/oauth/microsoft/callback," + tokenService + "/oauth/mailchimp/callback")),
                    sandboxConfig);
            for (String url : urls) {
                String serviceConfig = get(url + "/config");
                assertTrue(serviceConfig.lines().anyMatch(line -> line.equals("kafka.bootstrap.servers=" + started.get("kafka.bootstrap.servers"))),
                        serviceConfig);
            }
            for (String url : urls.subList(1, 3)) {
                String serviceConfig = get(url + "/config");
                assertTrue(serviceConfig.lines().anyMatch(line -> line.equals("integrations.token-service.url=" + tokenService)), serviceConfig);
            }
            assertTrue(get(urls.get(2) + "/config").lines().anyMatch(line -> line.equals("integrations.mailchimp.webhooks.public-url=" + urls.get(2))));
        } finally {
            another.stop();
        }
        for (String url : urls) {
            assertFalse(FreePorts.isListening(Integer.parseInt(url.replaceAll(".*:", ""))), url);
        }
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

    @Test
    void calendarAndMailchimpServiceNeedTokenService() {
        for (String sibling : List.of("calendar-service", "mailchimp-service")) {
            // Given
            IntegrationInfrastructure withoutTokenService = new IntegrationInfrastructure();

            // When
            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                    () -> withoutTokenService.init(Map.of(sibling, "true")));

            // Then
            assertEquals(sibling + " needs token-service: set the init arg token-service=true too", failure.getMessage());
        }
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
