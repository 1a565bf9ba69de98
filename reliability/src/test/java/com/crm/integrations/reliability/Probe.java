package com.crm.integrations.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends one request exactly as a hostile client would and reads a bounded answer: the status, the Content-Type and at
 * most {@value #MAX_BODY} bytes of the body. A success's body is not read (an event stream stays open: the answer is
 * its status line), so a stream costs no wait; every request has a time limit.
 */
final class Probe {

    static final int MAX_BODY = 64 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** Headers java.net.http refuses to set; they never appear in a case. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

    /** A request: method, the URL as sent (already percent-encoded), headers, a body or none. */
    record Request(String method, String url, Map<String, String> headers, byte[] body) {

        Request {
            headers = new LinkedHashMap<>(headers);
        }

        /** The request line and the headers, secrets and long values cut, for a report. */
        String describe() {
            StringBuilder text = new StringBuilder(method).append(' ').append(cut(url.replaceFirst("^https?://[^/]+", ""), 160));
            headers.forEach((name, value) -> text.append(" | ").append(name).append(": ")
                    .append(name.equalsIgnoreCase("Authorization") ? "Bearer <user token>" : cut(value, 60)));
            if (body != null) {
                text.append(" | body ").append(body.length).append(" B: ").append(cut(new String(body, 0, Math.min(body.length, 200),
                        StandardCharsets.UTF_8), 80));
            }
            return text.toString();
        }
    }

    /** The answer; {@code status} 0 when none came in time ({@code body} says why). */
    record Answer(int status, String contentType, String body) {

        String describe() {
            return status + " " + contentType + " " + cut(body == null ? "" : body.replace('\n', ' '), 300);
        }
    }

    private Probe() {
    }

    static HttpClient http() {
        return HTTP;
    }

    /**
     * Sends {@code request}; once more if the connection closed without an answer and the body was not over a limit (a
     * pooled keep-alive connection the server had just closed).
     */
    static Answer send(Request request) {
        Answer answer = sendOnce(request);
        if (answer.status() == 0 && answer.body().startsWith("connection closed")
                && (request.body() == null || request.body().length < 1024 * 1024)) {
            answer = sendOnce(request);
        }
        return answer;
    }

    private static Answer sendOnce(Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.url())).timeout(TIMEOUT)
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(builder::header);
        try {
            HttpResponse<InputStream> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            String contentType = response.headers().firstValue("Content-Type").orElse(null);
            try (InputStream body = response.body()) {
                if (response.statusCode() < 300) {
                    return new Answer(response.statusCode(), contentType, null);
                }
                return new Answer(response.statusCode(), contentType, new String(body.readNBytes(MAX_BODY), StandardCharsets.UTF_8));
            }
        } catch (HttpTimeoutException e) {
            return new Answer(0, null, "no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            // The server closed the connection (e.g. on an oversized body it refused before reading): no answer, no 5xx.
            return new Answer(0, null, "connection closed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…(" + text.length() + ")";
    }
}
