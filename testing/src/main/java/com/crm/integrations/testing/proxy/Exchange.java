package com.crm.integrations.testing.proxy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * One request through the proxy. It goes to the instance whose turn it is; when that one refuses the connection, the
 * next one gets it, and so on. Once the request has reached an instance it is retried only when nothing can have come of
 * it twice: the instance dropped the connection before any byte of a response, and the request has no body and an
 * idempotent method (as nginx's {@code proxy_next_upstream}: a POST an instance may have carried out before dying is
 * answered 502, never sent again). A response that began is relayed as it comes, byte for byte (an event stream event by
 * event), and when the instance fails midway the client's connection is cut, so the client sees a cut-off response,
 * not a complete one, and nothing is retried.
 */
final class Exchange {

    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

    private final HttpServerRequest request;
    private final HttpClient client;
    private final ProxyTimeouts timeouts;
    private final String service;
    private final List<Instance> order;
    private final Pipe<Buffer> body;
    private final boolean replayable;
    private final List<String> failures = new ArrayList<>();

    private Exchange(HttpServerRequest request, Turns turns, HttpClient client, ProxyTimeouts timeouts) {
        this.request = request;
        this.client = client;
        this.timeouts = timeouts;
        this.service = turns.route().name();
        this.order = turns.nextOrder();
        // A pipe pauses the request's body until an instance takes it.
        this.body = hasBody(request) ? request.pipe() : null;
        this.replayable = body == null && IDEMPOTENT.contains(request.method().name());
    }

    static void forward(HttpServerRequest request, Turns turns, HttpClient client, ProxyTimeouts timeouts) {
        new Exchange(request, turns, client, timeouts).attempt(0);
    }

    private void attempt(int index) {
        if (index == order.size()) {
            answerError(502, "Bad Gateway", "No instance of " + service + " answered: " + String.join("; ", failures));
            return;
        }
        Instance instance = order.get(index);
        client.request(new RequestOptions()
                        .setHost(RoundRobinProxy.LOOPBACK)
                        .setPort(instance.port())
                        .setMethod(request.method())
                        .setURI(request.uri())
                        .setConnectTimeout(timeouts.connect().toMillis())
                        .setIdleTimeout(timeouts.idle().toMillis()))
                .onSuccess(out -> send(out, instance, index))
                .onFailure(failure -> {
                    // Nothing was sent: always safe to try the next one.
                    fail(instance, "connection failed: " + describe(failure));
                    attempt(index + 1);
                });
    }

    private void send(HttpClientRequest out, Instance instance, int index) {
        HttpServerResponse front = request.response();
        if (front.closed()) {
            out.reset(); // the client left while the proxy connected
            return;
        }
        ForwardedHeaders.copyRequest(request, out.headers());
        if (request.authority() != null) {
            out.authority(request.authority());
        }
        front.closeHandler(closed -> out.reset());
        out.response().onComplete(result -> {
            if (result.succeeded()) {
                instance.answered();
                relay(result.result(), out, instance);
            } else if (!front.closed()) {
                notAnswered(result.cause(), instance, index);
            }
        });
        if (body == null) {
            out.end();
            return;
        }
        if (!request.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            out.setChunked(true);
        }
        body.endOnFailure(false).to(out).onFailure(failure -> out.reset());
    }

    private void notAnswered(Throwable failure, Instance instance, int index) {
        if (failure instanceof TimeoutException) {
            answerError(504, "Gateway Timeout", instance.name() + " did not answer within " + timeouts.idle().toMillis() + " ms");
            return;
        }
        fail(instance, "dropped the connection before answering: " + describe(failure));
        if (replayable) {
            attempt(index + 1);
        } else {
            answerError(502, "Bad Gateway", instance.name() + " dropped the connection before answering; a "
                    + request.method().name() + (body == null ? "" : " with a body") + " is not sent again (it may have taken effect)");
        }
    }

    private void relay(HttpClientResponse in, HttpClientRequest out, Instance instance) {
        HttpServerResponse front = request.response();
        front.setStatusCode(in.statusCode());
        if (in.statusMessage() != null) {
            front.setStatusMessage(in.statusMessage());
        }
        ForwardedHeaders.copyResponse(in.headers(), front.headers());
        if (!in.headers().contains(HttpHeaders.CONTENT_LENGTH) && in.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                && request.version() != HttpVersion.HTTP_1_0) {
            front.setChunked(true);
        }
        // Not ended on failure: a cut-off body must look cut off to the client, so its connection is reset instead.
        in.pipe().endOnFailure(false).to(front).onFailure(failure -> {
            if (front.closed()) {
                out.reset(); // the client left: the instance stops too (an event stream's subscription ends)
            } else {
                fail(instance, "failed midway through a response: " + describe(failure));
                front.reset();
            }
        });
    }

    private void fail(Instance instance, String reason) {
        instance.failed(reason);
        failures.add(instance.name() + " " + reason);
    }

    /** The proxy's own answer, as problem details; or, when a response already began, a cut connection. */
    private void answerError(int status, String title, String detail) {
        if (body != null) {
            body.close(); // resumes and drops what is left of the request's body
        }
        HttpServerResponse front = request.response();
        if (front.headWritten() || front.closed()) {
            front.reset();
            return;
        }
        String json = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                + jsonEscaped(detail) + "\"}";
        front.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json").end(json);
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.headers().contains(HttpHeaders.TRANSFER_ENCODING) || length != null && !length.trim().equals("0");
    }

    private static String jsonEscaped(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < 0x20) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
