package com.crm.integrations.testing.browser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A client of the Chrome DevTools Protocol over one target's WebSocket ({@code ws://127.0.0.1:<port>/devtools/page/<id>}
 * or the browser's own): commands sent and their answers awaited, events delivered to subscribers.
 *
 * <p>Events and answers are handled in the order the browser sent them, on the connection's receiving thread:
 * an event the browser sent before a command's answer has reached its subscribers when {@link #send} returns.
 * So a subscriber must not wait for a command's answer itself ({@link #send} refuses, it would never come):
 * it may fire one with {@link #sendAsync}.
 */
public final class DevTools implements AutoCloseable {

    /** How long {@link #send(String, Map)} waits for an answer. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    static final ObjectMapper JSON = new ObjectMapper();

    private static final Logger LOG = Logger.getLogger(DevTools.class.getName());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ThreadLocal<Boolean> DISPATCHING = ThreadLocal.withInitial(() -> false);

    private final URI endpoint;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<JsonNode>>> subscribers = new ConcurrentHashMap<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

    private DevTools(URI endpoint) {
        this.endpoint = endpoint;
        try {
            this.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(endpoint, new Receiver()).get(15, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new DevToolsException("connect", "Cannot open the DevTools WebSocket " + endpoint + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevToolsException("connect", "Interrupted while connecting to " + endpoint, e);
        }
    }

    /** Connects to a DevTools WebSocket endpoint. */
    public static DevTools connect(URI endpoint) {
        return new DevTools(endpoint);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Sends a command without parameters and returns its result. */
    public JsonNode send(String method) {
        return send(method, Map.of());
    }

    /** Sends a command and returns its result, waiting at most {@link #COMMAND_TIMEOUT}. */
    public JsonNode send(String method, Map<String, ?> params) {
        return send(method, params, COMMAND_TIMEOUT);
    }

    /**
     * Sends a command and returns its {@code result}.
     *
     * @throws DevToolsException with the protocol's error message when the browser refuses the command, when no
     *         answer comes within {@code timeout}, or when the connection closes first
     */
    public JsonNode send(String method, Map<String, ?> params, Duration timeout) {
        if (DISPATCHING.get()) {
            throw new IllegalStateException("An event subscriber cannot wait for " + method + ": its answer arrives on the thread"
                    + " it blocks. Use sendAsync.");
        }
        try {
            return sendAsync(method, params).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof DevToolsException failure ? copy(failure) : new DevToolsException(method,
                    method + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new DevToolsException(method, "No answer to " + method + " within " + seconds(timeout) + " from " + endpoint);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevToolsException(method, "Interrupted while waiting for " + method, e);
        }
    }

    /** Sends a command; the future completes with its {@code result} or fails with a {@link DevToolsException}. */
    public CompletableFuture<JsonNode> sendAsync(String method, Map<String, ?> params) {
        long id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        Pending answer = new Pending(method, new CompletableFuture<>());
        pending.put(id, answer);
        if (closed.isDone()) {
            fail(id, new DevToolsException(method, method + " not sent: the connection to " + endpoint + " is closed ("
                    + closed.join() + ")"));
            return answer.result;
        }
        text(message.toString()).whenComplete((sent, error) -> {
            if (error != null) {
                fail(id, new DevToolsException(method, method + " could not be sent to " + endpoint + ": " + error, error));
            }
        });
        answer.result.whenComplete((result, error) -> pending.remove(id));
        return answer.result;
    }

    /**
     * Calls {@code subscriber} with the {@code params} of every {@code event} (e.g. {@code Runtime.consoleAPICalled})
     * until the returned subscription is closed. The domain must be enabled ({@code Runtime.enable}) for most events.
     */
    public Subscription on(String event, Consumer<JsonNode> subscriber) {
        subscribers.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>()).add(subscriber);
        return () -> subscribers.getOrDefault(event, List.of()).remove(subscriber);
    }

    /** The {@code params} of the next {@code event} that {@code matches}; subscribed until it comes. */
    public CompletableFuture<JsonNode> next(String event, Predicate<JsonNode> matches) {
        CompletableFuture<JsonNode> next = new CompletableFuture<>();
        Subscription subscription = on(event, params -> {
            if (matches.test(params)) {
                next.complete(params);
            }
        });
        next.whenComplete((params, error) -> subscription.close());
        return next;
    }

    /** Whether the connection is still open. */
    public boolean isOpen() {
        return !closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
            socket.abort();
            closed("closed by the client");
        }
    }

    @Override
    public String toString() {
        return "DevTools " + endpoint;
    }

    static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() / 1000.0 + " s";
    }

    private synchronized CompletableFuture<?> text(String message) {
        // WebSocket allows one outstanding send: chain them, whatever became of the one before.
        CompletableFuture<?> send = lastSend.handle((result, error) -> null).thenCompose(previous -> socket.sendText(message, true));
        lastSend = send;
        return send;
    }

    private void receive(String message) {
        JsonNode json;
        try {
            json = JSON.readTree(message);
        } catch (JsonProcessingException e) {
            LOG.log(Level.WARNING, "Unreadable DevTools message from " + endpoint + ": " + e.getOriginalMessage());
            return;
        }
        if (json.has("id")) {
            answer(json);
        } else if (json.has("method")) {
            dispatch(json.path("method").asText(), json.path("params"));
        }
    }

    private void answer(JsonNode json) {
        long id = json.path("id").asLong();
        Pending answer = pending.get(id);
        if (answer == null) {
            return;
        }
        JsonNode error = json.get("error");
        if (error == null) {
            answer.result.complete(json.path("result"));
            return;
        }
        String data = error.hasNonNull("data") ? " (" + error.path("data").asText() + ")" : "";
        answer.result.completeExceptionally(new DevToolsException(answer.method, answer.method + " failed: "
                + error.path("message").asText() + data + ", code " + error.path("code").asInt()));
    }

    private void dispatch(String event, JsonNode params) {
        List<Consumer<JsonNode>> listeners = subscribers.get(event);
        if (listeners == null) {
            return;
        }
        DISPATCHING.set(true);
        try {
            for (Consumer<JsonNode> listener : listeners) {
                try {
                    listener.accept(params);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "A subscriber to " + event + " failed", e);
                }
            }
        } finally {
            DISPATCHING.set(false);
        }
    }

    private void closed(String reason) {
        closed.complete(reason);
        pending.forEach((id, answer) -> fail(id, new DevToolsException(answer.method, "The DevTools connection to " + endpoint
                + " closed (" + reason + ") before the answer to " + answer.method + " came")));
    }

    private void fail(long id, DevToolsException failure) {
        Pending answer = pending.remove(id);
        if (answer != null) {
            answer.result.completeExceptionally(failure);
        }
    }

    /** A failure rethrown on the caller's thread, so its stack trace shows the caller. */
    private static DevToolsException copy(DevToolsException failure) {
        return new DevToolsException(failure.method(), failure.getMessage(), failure);
    }

    /** A subscription to an event; closing it ends it. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private record Pending(String method, CompletableFuture<JsonNode> result) {
    }

    private final class Receiver implements WebSocket.Listener {

        private final StringBuilder parts = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
                String message = parts.toString();
                parts.setLength(0);
                receive(message);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed("closed by the browser: " + statusCode + (reason.isEmpty() ? "" : " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed(String.valueOf(error));
        }
    }
}
