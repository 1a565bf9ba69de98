package com.crm.integrations.testing.browser;

import com.crm.integrations.testing.support.FreePorts;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A tiny web site on a loopback port of its own (so two of them are two origins): fixed pages by path, 404 otherwise. */
final class TestSite implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Resource> resources = new ConcurrentHashMap<>();

    private TestSite(HttpServer server) {
        this.server = server;
    }

    static TestSite start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(FreePorts.LOOPBACK, 0), 0);
            TestSite site = new TestSite(server);
            server.createContext("/", site::serve);
            server.start();
            return site;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TestSite html(String path, String html) {
        resources.put(path, new Resource("text/html; charset=utf-8", html));
        return this;
    }

    /** Serves {@code src/test/resources/browser/<name>} at {@code /<name>}, each {@code {{key}}} in it replaced by its value. */
    TestSite page(String name, Map<String, String> values) {
        String html;
        try (InputStream in = TestSite.class.getResourceAsStream("/browser/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No test page browser/" + name);
            }
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Map.Entry<String, String> value : values.entrySet()) {
            html = html.replace("{{" + value.getKey() + "}}", value.getValue());
        }
        return html("/" + name, html);
    }

    TestSite json(String path, String json) {
        resources.put(path, new Resource("application/json", json));
        return this;
    }

    /** Answers {@code path} with a 302 to {@code location}. */
    TestSite redirect(String path, String location) {
        resources.put(path, new Resource(null, location));
        return this;
    }

    /** {@code http://127.0.0.1:<port>}. */
    String origin() {
        return "http://" + FreePorts.LOOPBACK + ":" + server.getAddress().getPort();
    }

    String url(String path) {
        return origin() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        Resource resource = resources.get(exchange.getRequestURI().getPath());
        if (resource != null && resource.contentType == null) {
            exchange.getResponseHeaders().set("Location", resource.body);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
            return;
        }
        byte[] body = (resource == null ? "Not found" : resource.body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", resource == null ? "text/plain" : resource.contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(resource == null ? 404 : 200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private record Resource(String contentType, String body) {
    }
}
