package com.crm.integrations.testing.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.crm.integrations.testing.support.FreePorts;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy between a client and two instances, all real Vert.x servers and clients on loopback. */
class RoundRobinProxyTest {

    private static final String SERVICE = "svc";

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Map<Integer, AtomicInteger> requestsPerPort = new ConcurrentHashMap<>();
    private Vertx vertx;
    private HttpClient client;
    private RoundRobinProxy proxy;

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        await(vertx.close());
    }

    @Test
    void sendsRequestsToTheInstancesInTurn() throws Exception {
        // Given
        int port = proxyTo(ProxyTimeouts.DEFAULTS, instance(named("a")), instance(named("b")));

        // When
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(get(port, "/q/health/ready").body());
        }

        // Then
        assertEquals(List.of("a", "b", "a", "b"), answers);
        assertEquals(List.of("svc-1 (127.0.0.1:" + instancePort(0) + ") is up", "svc-2 (127.0.0.1:" + instancePort(1) + ") is up"),
                log);
    }

    @Test
    void relaysAnEventStreamEventByEvent() throws Exception {
        // Given: the instance sends its second event only once the client has the first (or after 3 s)
        Promise<Void> firstArrived = Promise.promise();
        AtomicBoolean secondSent = new AtomicBoolean();
        int port = proxyTo(ProxyTimeouts.DEFAULTS, instance(request -> {
            request.response().setChunked(true).putHeader("content-type", "text/event-stream").write("data: one\n\n");
            Handler<Void> second = go -> {
                if (secondSent.compareAndSet(false, true)) {
                    request.response().end("data: two\n\n");
                }
            };
            firstArrived.future().onSuccess(second);
            vertx.setTimer(3000, id -> second.handle(null));
        }));

        // When
        StringBuilder received = new StringBuilder();
        AtomicBoolean firstBeforeSecondWasSent = new AtomicBoolean();
        await(client.request(HttpMethod.GET, port, FreePorts.LOOPBACK, "/integrations/status/stream")
                .compose(HttpClientRequest::send)
                .compose(response -> {
                    response.handler(chunk -> {
                        received.append(chunk.toString());
                        if (received.toString().contains("data: one\n\n") && !firstArrived.future().isComplete()) {
                            firstBeforeSecondWasSent.set(!secondSent.get());
                            firstArrived.tryComplete();
                        }
                    });
                    return response.end();
                }));

        // Then
        assertEquals("data: one\n\ndata: two\n\n", received.toString());
        assertTrue(firstBeforeSecondWasSent.get(), "the first event reached the client only with the second: buffered");
    }

    @Test
    void endsTheInstancesResponseWhenTheClientLeaves() throws Exception {
        // Given
        Promise<Void> instanceSawTheClose = Promise.promise();
        int port = proxyTo(ProxyTimeouts.DEFAULTS, instance(request -> {
            request.connection().closeHandler(closed -> instanceSawTheClose.tryComplete());
            request.response().setChunked(true).putHeader("content-type", "text/event-stream").write("data: one\n\n");
        }));
        HttpClientRequest request = await(client.request(HttpMethod.GET, port, FreePorts.LOOPBACK, "/calendar/batches/1/progress"));
        Promise<Void> firstEvent = Promise.promise();
        request.send().onSuccess(response -> response.handler(chunk -> firstEvent.tryComplete()));
        await(firstEvent.future());

        // When
        request.connection().close();

        // Then
        await(instanceSawTheClose.future());
    }

    @Test
    void passesMethodStatusHeadersAndCookiesThroughUnchanged() throws Exception {
        // Given
        AtomicReference<HttpServerRequest> seen = new AtomicReference<>();
        int port = proxyTo(ProxyTimeouts.DEFAULTS, instance(request -> {
            seen.set(request);
            request.response().setStatusCode(302).setStatusMessage("Found It Elsewhere")
                    .putHeader("Location", "http://localhost:8084/integrations/?outcome=connected")
                    .putHeader("Set-Cookie", List.<String>of("oauth-flow-7=abc; Path=/oauth; HttpOnly; SameSite=Lax", "other=1; Path=/"))
                    .putHeader("X-Trace", List.<String>of("a", "b"))
                    .end("moved");
        }));
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.PATCH).setPort(port).setHost(FreePorts.LOOPBACK)
                .setURI("/oauth/google/callback?state=s%2Fx&code=c")
                .addHeader("Cookie", "oauth-flow-7=abc; other=1")
                .addHeader("Authorization", "Bearer t0k3n")
                .addHeader("X-Custom", "v1").addHeader("X-Custom", "v2");

        // When
        Reply reply = await(client.request(options)
                .compose(request -> request.authority(HostAndPort.create("localhost", 8081)).send())
                .compose(response -> response.body().map(body -> new Reply(response.statusCode(), response.statusMessage(),
                        response.headers(), body.toString()))));

        // Then
        assertEquals(302, reply.status());
        assertEquals("Found It Elsewhere", reply.message());
        assertEquals("http://localhost:8084/integrations/?outcome=connected", reply.headers().get("location"));
        assertEquals(List.of("oauth-flow-7=abc; Path=/oauth; HttpOnly; SameSite=Lax", "other=1; Path=/"),
                reply.headers().getAll("set-cookie"));
        assertEquals(List.of("a", "b"), reply.headers().getAll("x-trace"));
        assertEquals("moved", reply.body());
        HttpServerRequest request = seen.get();
        assertEquals(HttpMethod.PATCH, request.method());
        assertEquals("/oauth/google/callback?state=s%2Fx&code=c", request.uri());
        assertEquals("localhost:8081", request.getHeader("host"));
        assertEquals("oauth-flow-7=abc; other=1", request.getHeader("cookie"));
        assertEquals("Bearer t0k3n", request.getHeader("authorization"));
        assertEquals(List.of("v1", "v2"), request.headers().getAll("x-custom"));
        assertEquals("127.0.0.1", request.getHeader("x-forwarded-for"));
    }

    @Test
    void answersAHeadRequestWithTheLengthAndNoBody() throws Exception {
        // Given
        int port = proxyTo(ProxyTimeouts.DEFAULTS, instance(request -> request.response().putHeader("content-length", "5").end()));

        // When
        Reply reply = call(port, HttpMethod.HEAD, "/q/openapi", null);

        // Then
        assertEquals(200, reply.status());
        assertEquals("5", reply.headers().get("content-length"));
        assertEquals("", reply.body());
    }

    @Test
    void forwardsRequestBodiesOfKnownAndOfUnknownLength() throws Exception {
        // Given: an instance that answers the SHA-256 of what it got, and how it came
        int port = proxyTo(ProxyTimeouts.DEFAULTS, instance(request -> request.body().onSuccess(body -> request.response()
                .end(sha256(body.getBytes()) + " " + request.getHeader("content-length") + " " + request.getHeader("transfer-encoding")))));
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        ThreadLocalRandom.current().nextBytes(big);

        // When
        Reply known = call(port, HttpMethod.POST, "/webhooks/mailchimp/h1", Buffer.buffer(big));
        Reply unknown = await(client.request(HttpMethod.PUT, port, FreePorts.LOOPBACK, "/calendar/events/e1").compose(request -> {
            request.setChunked(true);
            request.write("first,");
            request.write("second,");
            return request.end("third").compose(ended -> request.response());
        }).compose(response -> response.body().map(body -> new Reply(response.statusCode(), null, response.headers(), body.toString()))));

        // Then
        assertEquals(sha256(big) + " " + big.length + " null", known.body());
        assertEquals(sha256("first,second,third".getBytes()) + " null chunked", unknown.body());
    }

    @Test
    void skipsAnInstanceThatRefusesConnections() throws Exception {
        // Given
        int dead = FreePorts.next();
        int port = proxyTo(ProxyTimeouts.DEFAULTS, dead, instance(named("b")));

        // When
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(get(port, "/q/health/ready").body());
        }

        // Then
        assertEquals(List.of("b", "b", "b"), answers);
        assertEquals(1, log.stream().filter(line -> line.startsWith("svc-1 (127.0.0.1:" + dead + ") is down (connection failed: ")).count(),
                log::toString);
    }

    @Test
    void sendsAGetToTheNextInstanceWhenOneDropsItBeforeAnswering() throws Exception {
        // Given
        int port = proxyTo(ProxyTimeouts.DEFAULTS, instance(request -> request.connection().close()), instance(named("b")));

        // When
        Reply reply = get(port, "/calendar/links");

        // Then
        assertEquals("b", reply.body());
        assertEquals(1, requests(0));
    }

    @Test
    void doesNotSendAPostAgainWhenAnInstanceDropsItBeforeAnswering() throws Exception {
        // Given
        int port = proxyTo(ProxyTimeouts.DEFAULTS, instance(request -> request.connection().close()), instance(named("b")));

        // When
        Reply reply = call(port, HttpMethod.POST, "/calendar/events", Buffer.buffer("{\"title\":\"x\"}"));

        // Then
        assertEquals(502, reply.status());
        assertEquals("application/problem+json", reply.headers().get("content-type"));
        assertTrue(reply.body().contains("a POST with a body is not sent again"), reply.body());
        assertEquals(0, requests(1));
    }

    @Test
    void cutsOffAResponseThatFailsMidwayAndDoesNotRetryIt() throws Exception {
        // Given
        int port = proxyTo(ProxyTimeouts.DEFAULTS, instance(request -> {
            request.response().setChunked(true).write("partial");
            vertx.setTimer(100, id -> request.connection().close());
        }), instance(named("b")));

        // When
        AtomicReference<String> received = new AtomicReference<>("");
        Future<Void> ended = client.request(HttpMethod.GET, port, FreePorts.LOOPBACK, "/mailchimp/audiences")
                .compose(HttpClientRequest::send)
                .compose(response -> {
                    response.handler(chunk -> received.updateAndGet(before -> before + chunk));
                    return response.end();
                });

        // Then
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> await(ended));
        assertNotNull(failure.getCause());
        assertEquals("partial", received.get());
        assertEquals(0, requests(1));
    }

    @Test
    void answersBadGatewayWhenNoInstanceAnswers() throws Exception {
        // Given
        int port = proxyTo(ProxyTimeouts.DEFAULTS, FreePorts.next(), FreePorts.next());

        // When
        Reply reply = get(port, "/q/health/ready");

        // Then
        assertEquals(502, reply.status());
        assertEquals("application/problem+json", reply.headers().get("content-type"));
        assertTrue(reply.body().contains("No instance of svc answered: svc-1 connection failed: ")
                && reply.body().contains("; svc-2 connection failed: "), reply.body());
    }

    @Test
    void answersGatewayTimeoutWhenAnInstanceStaysSilent() throws Exception {
        // Given
        int port = proxyTo(ProxyTimeouts.DEFAULTS.withIdle(Duration.ofMillis(300)), instance(request -> {
        }), instance(named("b")));

        // When
        Reply reply = get(port, "/token/connections");

        // Then
        assertEquals(504, reply.status());
        assertTrue(reply.body().contains("svc-1 did not answer within 300 ms"), reply.body());
        assertEquals(0, requests(1));
    }

    @Test
    void logsAnInstanceOnlyWhenItGoesDownOrComesBack() throws Exception {
        // Given: the first instance is not there yet
        int late = FreePorts.next();
        int port = proxyTo(ProxyTimeouts.DEFAULTS.withRecheck(Duration.ofMillis(100)), late, instance(named("b")));
        for (int i = 0; i < 4; i++) {
            get(port, "/q/health/ready");
        }
        listen(late, named("a"));
        Thread.sleep(150);

        // When
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(get(port, "/q/health/ready").body());
        }

        // Then
        assertTrue(answers.contains("a") && answers.contains("b"), answers::toString);
        List<String> first = log.stream().filter(line -> line.startsWith("svc-1 ")).toList();
        assertEquals(2, first.size(), log::toString);
        assertTrue(first.get(0).startsWith("svc-1 (127.0.0.1:" + late + ") is down (connection failed: "), first.get(0));
        assertEquals("svc-1 (127.0.0.1:" + late + ") is up again", first.get(1));
        assertEquals(List.of("svc-2 (127.0.0.1:" + instancePort(1) + ") is up"), log.stream().filter(line -> line.startsWith("svc-2 ")).toList());
    }

    @Test
    void refusesToStartWhenItsPortIsTaken() throws Exception {
        // Given
        int taken = instance(named("a"));

        // When
        IllegalStateException failure = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> RoundRobinProxy.start(List.of(new Route(SERVICE, taken, List.of(FreePorts.next()))), ProxyTimeouts.DEFAULTS, log::add));

        // Then
        assertTrue(failure.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken + " for svc"), failure.getMessage());
        assertFalse(log.stream().anyMatch(line -> line.contains("is up")));
    }

    private record Reply(int status, String message, MultiMap headers, String body) {
    }

    private final List<Integer> instancePorts = new ArrayList<>();

    private int proxyTo(ProxyTimeouts timeouts, int... ports) {
        for (int instancePort : ports) {
            instancePorts.add(instancePort);
        }
        proxy = RoundRobinProxy.start(List.of(new Route(SERVICE, FreePorts.next(), instancePorts)), timeouts, log::add);
        return proxy.port(SERVICE);
    }

    private int instancePort(int index) {
        return instancePorts.get(index);
    }

    private int requests(int index) {
        return requestsPerPort.getOrDefault(instancePort(index), new AtomicInteger()).get();
    }

    /** An instance on a port of its own; it counts its requests. */
    private int instance(Handler<HttpServerRequest> handler) throws Exception {
        int port = FreePorts.next();
        listen(port, handler);
        return port;
    }

    private void listen(int port, Handler<HttpServerRequest> handler) throws Exception {
        AtomicInteger count = requestsPerPort.computeIfAbsent(port, p -> new AtomicInteger());
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(FreePorts.LOOPBACK).setPort(port))
                .requestHandler(request -> {
                    count.incrementAndGet();
                    handler.handle(request);
                });
        await(server.listen());
    }

    private static Handler<HttpServerRequest> named(String name) {
        return request -> request.response().end(name);
    }

    private Reply get(int port, String uri) throws Exception {
        return call(port, HttpMethod.GET, uri, null);
    }

    private Reply call(int port, HttpMethod method, String uri, Buffer body) throws Exception {
        return await(client.request(method, port, FreePorts.LOOPBACK, uri)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> response.body().map(content -> new Reply(response.statusCode(), response.statusMessage(),
                        response.headers(), content.toString()))));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
