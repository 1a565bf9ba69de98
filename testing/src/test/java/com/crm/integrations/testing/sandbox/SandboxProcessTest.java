package com.crm.integrations.testing.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.crm.integrations.testing.support.FakeApp;
import com.crm.integrations.testing.support.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxProcessTest {

    @Test
    void missingJarSaysToBuildTheSandboxFirst() {
        // When
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> SandboxProcess.start(Path.of("/nonexistent/sandbox/target/quarkus-app/quarkus-run.jar"), "secret", Map.of()));

        // Then
        assertTrue(failure.getMessage().contains("./mvnw -pl sandbox package"), failure.getMessage());
    }

    @Test
    void startsTheJarWithItsIdentitySettingsAndWaitsUntilReady() throws Exception {
        // When
        int port;
        ProcessHandle process;
        try (SandboxProcess sandbox = SandboxProcess.start(FakeApp.jar(), "s3cret", Map.of())) {
            port = sandbox.port();
            process = sandbox.process();
            HttpResponse<String> echo = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/echo")).build(), HttpResponse.BodyHandlers.ofString());

            // Then
            assertEquals("secret=s3cret\nissuer=http://127.0.0.1:" + port + "/idp", echo.body());
            assertEquals(sandbox.baseUrl() + "/idp", sandbox.issuer());
            String commandLine = process.info().commandLine().orElse("");
            assertFalse(commandLine.contains("s3cret"), "the client secret is visible on the command line: " + commandLine);
        }
        assertFalse(process.isAlive(), "the sandbox still runs after close");
        assertFalse(FreePorts.isListening(port), () -> "port " + port + " still open after close:\n" + listeners());
    }

    private static String listeners() {
        try {
            return new String(new ProcessBuilder("ss", "-ltnp").redirectErrorStream(true).start().getInputStream().readAllBytes());
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void findsTheRepositoryRootFromTheBuild() {
        // When
        Path jar = SandboxProcess.locateJar();

        // Then: surefire passes integrations.root = the reactor root, which holds the sandbox module
        assertTrue(jar.endsWith(Path.of("sandbox/target/quarkus-app/quarkus-run.jar")), jar.toString());
        assertTrue(jar.getParent().getParent().getParent().resolve("pom.xml").toFile().isFile(), jar.toString());
    }
}
