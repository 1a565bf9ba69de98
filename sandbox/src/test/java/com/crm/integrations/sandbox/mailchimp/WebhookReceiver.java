package com.crm.integrations.sandbox.mailchimp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A webhook receiver on a free local port: records every request (method, path and query, headers, raw body, arrival)
 * and answers from a script (status, and how long to wait first), then with a default status.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived. */
    record Received(String method, String uri, Map<String, String> headers, String body, long atNanos) {

        /** The form body decoded, keys in their order (keys do not repeat in the stand-in's posts). */
        Map<String, String> form() {
            Map<String, String> fields = new LinkedHashMap<>();
            if (body.isEmpty()) {
                return fields;
            }
            for (String pair : body.split("&")) {
                int equals = pair.indexOf('=');
                fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
            return fields;
        }

        /** The raw keys in their order, as sent (still percent-encoded). */
        List<String> rawKeys() {
            List<String> keys = new ArrayList<>();
            for (String pair : body.split("&")) {
                keys.add(pair.substring(0, pair.indexOf('=')));
            }
            return keys;
        }
    }

    /** A scripted answer: {@code status} after {@code delayMillis}. */
    private record Answer(int status, long delayMillis) {
    }

    private final Vertx vertx;
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Answer> script = new ConcurrentLinkedDeque<>();
    private volatile int defaultStatus = 200;

    private WebhookReceiver(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    static WebhookReceiver start(Vertx vertx) throws Exception {
        HttpServer server = vertx.createHttpServer();
        WebhookReceiver receiver = new WebhookReceiver(vertx, server);
        server.requestHandler(receiver::handle);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return receiver;
    }

    /** {@code http://127.0.0.1:<port><pathAndQuery>}. */
    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.actualPort() + pathAndQuery;
    }

    /** The next requests get these statuses, in order, then the default. */
    WebhookReceiver answer(int... statuses) {
        for (int status : statuses) {
            script.addLast(new Answer(status, 0));
        }
        return this;
    }

    /** The next request gets {@code status} only after {@code delay}. */
    WebhookReceiver answerLate(int status, Duration delay) {
        script.addLast(new Answer(status, delay.toMillis()));
        return this;
    }

    WebhookReceiver answerByDefault(int status) {
        this.defaultStatus = status;
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests of {@code method}, in arrival order. */
    List<Received> received(String method) {
        return received.stream().filter(request -> request.method().equals(method)).toList();
    }

    /** Waits up to 10 s for {@code count} requests of {@code method}; returns them all. */
    List<Received> await(String method, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> received(method).size() >= count);
        return received(method);
    }

    /** Forgets what it received and its script. */
    void clear() {
        received.clear();
        script.clear();
        defaultStatus = 200;
    }

    private void handle(HttpServerRequest request) {
        long at = System.nanoTime();
        request.body().onSuccess(body -> {
            Map<String, String> headers = new LinkedHashMap<>();
            request.headers().forEach(header -> headers.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue()));
            received.add(new Received(request.method().name(), request.uri(), headers, body.toString(StandardCharsets.UTF_8), at));
            Answer answer = script.pollFirst();
            int status = answer == null ? defaultStatus : answer.status();
            long delay = answer == null ? 0 : answer.delayMillis();
            Runnable respond = () -> {
                if (!request.response().closed()) {
                    request.response().setStatusCode(status).end();
                }
            };
            if (delay > 0) {
                vertx.setTimer(delay, timer -> respond.run());
            } else {
                respond.run();
            }
        });
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
