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
 * Stands in for the sandbox's packaged jar in this module's tests (the real one is built by another
 * module): answers {@code /q/health/ready} on {@code quarkus.http.port}, and {@code /echo} with the
 * identity settings it was given.
 */
public final class FakeSandbox {

    private FakeSandbox() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getProperty("quarkus.http.port"));
        HttpServer server = HttpServer.create(new InetSocketAddress(System.getProperty("quarkus.http.host", "127.0.0.1"), port), 0);
        server.createContext("/q/health/ready", exchange -> respond(exchange, "{\"status\":\"UP\"}"));
        server.createContext("/echo", exchange -> respond(exchange, "secret=" + System.getenv("SANDBOX_IDENTITY_CLIENT_SECRET")
                + "\nissuer=" + System.getProperty("sandbox.identity.issuer")));
        server.start();
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
        Path jar = Path.of("target", "fake-sandbox", "quarkus-run.jar").toAbsolutePath();
        if (Files.exists(jar)) {
            return jar;
        }
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeSandbox.class.getName());
        try {
            String testClasses = Path.of(FakeSandbox.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toUri().toString();
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
