package com.crm.integrations.status.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Many Server-Sent Event streams of the app at once, read without a thread each: every stream is one connection of a
 * Vert.x HTTP client, parsed on its event loop as bytes arrive, and each named event is handed to a listener with the
 * time it arrived ({@link System#nanoTime()}). {@code SseClient} reads one stream on a thread of its own, which a few
 * hundred streams would make a few hundred threads.
 */
final class EventStreams {

    /** What a stream read. */
    @FunctionalInterface
    interface Listener {
        /** Event {@code name} with {@code data} arrived on stream {@code stream} at {@code arrivedNanos}. */
        void event(int stream, String name, String data, long arrivedNanos);
    }

    private final HttpClient http;
    private final Context loop;

    /** {@code http} must allow as many connections as streams will be open, and belong to {@code loop}'s Vert.x. */
    EventStreams(HttpClient http, Context loop) {
        this.http = http;
        this.loop = loop;
    }

    /**
     * Opens stream {@code stream} at {@code path} with {@code token}; completes once its response's head says 200 (fails
     * otherwise). Events are read until the client closes.
     */
    CompletableFuture<Void> open(int stream, String path, String token, Duration connectTimeout, Listener listener) {
        CompletableFuture<Void> opened = new CompletableFuture<>();
        loop.runOnContext(ignored -> http.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(path)
                        .setConnectTimeout(connectTimeout.toMillis())
                        .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).putHeader(HttpHeaders.ACCEPT, "text/event-stream"))
                .compose(HttpClientRequest::send)
                .compose(response -> {
                    if (response.statusCode() != 200) {
                        return response.body().compose(body -> Future.failedFuture("stream " + stream + ": status "
                                + response.statusCode() + " " + body));
                    }
                    Parser parser = new Parser(stream, listener);
                    response.handler(parser::feed);
                    return Future.succeededFuture();
                })
                .onComplete(outcome -> {
                    if (outcome.succeeded()) {
                        opened.complete(null);
                    } else {
                        opened.completeExceptionally(outcome.cause());
                    }
                }));
        return opened;
    }

    /** The text/event-stream format, line by line across the chunks the bytes arrive in. */
    private static final class Parser {

        private final int stream;
        private final Listener listener;
        private final StringBuilder pending = new StringBuilder();
        private final StringBuilder data = new StringBuilder();
        private String name;

        Parser(int stream, Listener listener) {
            this.stream = stream;
            this.listener = listener;
        }

        void feed(Buffer chunk) {
            long arrived = System.nanoTime();
            pending.append(chunk.toString());
            int end;
            while ((end = pending.indexOf("\n")) >= 0) {
                String line = pending.substring(0, end);
                pending.delete(0, end + 1);
                line(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line, arrived);
            }
        }

        private void line(String line, long arrived) {
            if (line.isEmpty()) {
                if (name != null || !data.isEmpty()) {
                    listener.event(stream, name == null ? "message" : name, data.toString(), arrived);
                }
                name = null;
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
            }
            // ids and comments (heartbeats) are not needed here
        }
    }
}
