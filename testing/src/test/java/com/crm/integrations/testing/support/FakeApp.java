package com.crm.integrations.testing.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Stands in for a packaged Quarkus app (the sandbox's, token-service's) in this module's tests (the real
 * ones are built by other modules): answers {@code /q/health/ready} on {@code quarkus.http.port},
 * {@code /echo} with the sandbox's identity settings it was given, and {@code /config} with every
 * {@code -D} property and environment variable of ours it got, one {@code name=value} a line (environment
 * variables as {@code env NAME=value}). With {@code -Dfake.exit-code=<n>} it prints a line and exits with
 * {@code n} at once instead.
 */
public final class FakeApp {

    private FakeApp() {
    }

    public static void main(String[] args) throws IOException {
        String exitCode = System.getProperty("fake.exit-code");
        if (exitCode != null) {
            System.out.println("fake app: exiting with " + exitCode + " as told");
            System.exit(Integer.parseInt(exitCode));
        }
        int port = Integer.parseInt(System.getProperty("quarkus.http.port"));
        HttpServer server = HttpServer.create(new InetSocketAddress(System.getProperty("quarkus.http.host", "127.0.0.1"), port), 0);
        server.createContext("/q/health/ready", exchange -> respond(exchange, "{\"status\":\"UP\"}"));
        server.createContext("/echo", exchange -> respond(exchange, "secret=" + System.getenv("SANDBOX_IDENTITY_CLIENT_SECRET")
                + "\nissuer=" + System.getProperty("sandbox.identity.issuer")));
        server.createContext("/config", exchange -> respond(exchange, config()));
        server.start();
    }

    private static String config() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("integrations.") || name.startsWith("kafka.") || name.startsWith("sandbox."))
                .forEach(name -> lines.add(name + "=" + System.getProperty(name)));
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("INTEGRATIONS_") || name.startsWith("SANDBOX_") || name.startsWith("KAFKA_")) {
                lines.add("env " + name + "=" + value);
            }
        });
        java.util.Collections.sort(lines);
        return String.join("\n", lines);
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A jar that runs this class with {@code java -jar}, its classpath pointing at the test classes. */
    public static synchronized Path jar() throws IOException {
        Path jar = Path.of("target", "fake-app", "quarkus-run.jar").toAbsolutePath();
        if (Files.exists(jar)) {
            return jar;
        }
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeApp.class.getName());
        try {
            String testClasses = Path.of(FakeApp.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toUri().toString();
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, testClasses);
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        Path tmp = jar.resolveSibling("quarkus-run.jar.tmp");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp), manifest)) {
            // Only the manifest: the class comes from the test classes directory.
        }
        Files.move(tmp, jar, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return jar;
    }
}
