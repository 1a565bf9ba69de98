package com.crm.integrations.status;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A test's reader of a Server-Sent Events stream of the app under test: it keeps every event (and comment) it reads in
 * the background, for the test to wait on.
 */
public final class SseClient implements AutoCloseable {

    /** One event as read: name ({@code message} when none), id, data, or a comment. */
    public record Event(String name, String id, String data, String comment) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final HttpResponse<InputStream> response;
    private final Thread reader;
    private volatile boolean ended;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code path} of the app under test with these headers; returns once the response's head arrived. */
    public static SseClient open(String path, Map<String, String> headers) {
        return open(ConfigProvider.getConfig().getValue("integrations.test.app-url", String.class), path, headers);
    }

    /** Opens {@code path} of the app at {@code base} (another replica) with these headers. */
    public static SseClient open(String base, String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/event-stream").GET();
        headers.forEach(request::header);
        try {
            return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException | InterruptedException failed) {
            throw new IllegalStateException("Could not open " + path, failed);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** Every event read so far. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    /** The named events read so far (comments left out). */
    public List<Event> named() {
        return events.stream().filter(event -> event.comment() == null).toList();
    }

    /** Whether the server ended the stream. */
    public boolean ended() {
        return ended;
    }

    /** Waits until an event matching {@code matching} was read, and returns the first one that does. */
    public Event await(Predicate<Event> matching, Duration within, String what) {
        try {
            Awaitility.await().atMost(within).until(() -> events.stream().anyMatch(matching));
        } catch (ConditionTimeoutException timeout) {
            throw new AssertionError("No " + what + " within " + within + "; read: " + events);
        }
        return events.stream().filter(matching).findFirst().orElseThrow();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = null;
            String id = null;
            List<String> data = new ArrayList<>();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (name != null || !data.isEmpty()) {
                        events.add(new Event(name == null ? "message" : name, id, String.join("\n", data), null));
                    }
                    name = null;
                    id = null;
                    data = new ArrayList<>();
                } else if (line.startsWith(":")) {
                    events.add(new Event(null, null, null, line.substring(1).trim()));
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    data.add(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                }
            }
        } catch (IOException closed) {
            // the test closed the stream
        } finally {
            ended = true;
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // closing anyway
        }
        reader.interrupt();
    }
}
