package com.crm.integrations.testing.proxy;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The local run's stand-in for a Kubernetes Service in front of a service's replicas ({@code ./run --replicas N}): one
 * port per service on 127.0.0.1, each request sent to that service's instances in turn (docs/local-run.md, "Several
 * replicas"). What happens to one request: {@link Exchange}; which headers cross: {@link ForwardedHeaders}; whose turn
 * it is: {@link Turns}.
 *
 * <pre>
 * RoundRobinProxy &lt;name&gt;=&lt;port&gt;:&lt;instance port&gt;[,&lt;instance port&gt;...] ... [--connect-timeout PT2S] [--idle-timeout PT60S]
 *     e.g. token-service=8081:11081,12081 calendar-service=8082:11082,12082
 * </pre>
 * Runs in the foreground until it gets SIGTERM. Logs to stdout: its routes when it starts, then one line each time an
 * instance goes down or comes back, never one per request. Exit code 2 for bad arguments, 1 when a port cannot be
 * listened on.
 */
public final class RoundRobinProxy implements AutoCloseable {

    static final String LOOPBACK = "127.0.0.1";
    /** As Quarkus allows (quarkus.http.limits.max-header-size): a request the service would take, the proxy takes. */
    private static final int MAX_HEADER_SIZE = 20 * 1024;
    /** Connections per instance: event streams hold one each for as long as they last. */
    private static final int MAX_CONNECTIONS_PER_INSTANCE = 512;

    private final Vertx vertx;
    private final Map<String, Integer> ports;

    private RoundRobinProxy(Vertx vertx, Map<String, Integer> ports) {
        this.vertx = vertx;
        this.ports = ports;
    }

    public static void main(String[] args) {
        // Vert.x and Netty would log through SLF4J to the launchers' log4j2, which has no configuration here.
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.JULLogDelegateFactory");
        List<Route> routes = new ArrayList<>();
        ProxyTimeouts timeouts = ProxyTimeouts.DEFAULTS;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--connect-timeout" -> timeouts = timeouts.withConnect(duration(args, ++i));
                    case "--idle-timeout" -> timeouts = timeouts.withIdle(duration(args, ++i));
                    default -> routes.add(Route.parse(args[i]));
                }
            }
            if (routes.isEmpty()) {
                throw new IllegalArgumentException("no route");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("RoundRobinProxy: " + e.getMessage());
            System.err.println("usage: RoundRobinProxy <name>=<port>:<instance port>[,<instance port>...] ... "
                    + "[--connect-timeout PT2S] [--idle-timeout PT60S]");
            System.exit(2);
        }
        long started = System.nanoTime();
        RoundRobinProxy proxy;
        try {
            proxy = start(routes, timeouts, RoundRobinProxy::print);
        } catch (IllegalStateException e) {
            System.err.println("RoundRobinProxy: " + e.getMessage());
            System.exit(1);
            return;
        }
        for (Route route : routes) {
            print(route.name() + " on " + LOOPBACK + ":" + route.port() + " -> " + IntStream
                    .range(0, route.instancePorts().size())
                    .mapToObj(i -> route.instanceName(i) + " " + LOOPBACK + ":" + route.instancePorts().get(i))
                    .collect(Collectors.joining(", ")));
        }
        print("ready [" + (System.nanoTime() - started) / 1_000_000 + " ms]; connect timeout " + timeouts.connect()
                + ", idle timeout " + timeouts.idle());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            proxy.close();
            print("stopped");
            stopped.countDown();
        }, "proxy-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Listens on every route's port and forwards to its instances, until {@link #close()}. Fails with an
     * {@link IllegalStateException} naming the port when one cannot be listened on (then nothing listens).
     */
    public static RoundRobinProxy start(List<Route> routes, ProxyTimeouts timeouts, Consumer<String> log) {
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                        .setKeepAlive(true)
                        .setMaxHeaderSize(MAX_HEADER_SIZE)
                        .setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_INSTANCE));
        RoundRobinProxy proxy = new RoundRobinProxy(vertx, new LinkedHashMap<>());
        try {
            for (Route route : routes) {
                Turns turns = new Turns(route, timeouts, log);
                HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                                .setHost(LOOPBACK)
                                .setPort(route.port())
                                .setHttp2ClearTextEnabled(false)
                                .setHandle100ContinueAutomatically(true)
                                .setMaxHeaderSize(MAX_HEADER_SIZE)
                                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                                .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, 2 * timeouts.idle().toMillis())))
                        .requestHandler(request -> Exchange.forward(request, turns, client, timeouts));
                try {
                    server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                    throw new IllegalStateException("cannot listen on " + LOOPBACK + ":" + route.port() + " for " + route.name()
                            + " (" + cause.getMessage() + "): is something else there? ss -ltnp 'sport = :" + route.port() + "'", cause);
                }
                proxy.ports.put(route.name(), server.actualPort());
            }
            return proxy;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            proxy.close();
            throw new IllegalStateException("interrupted while starting", e);
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
    }

    /** The port a route listens on. */
    public int port(String route) {
        Integer port = ports.get(route);
        if (port == null) {
            throw new IllegalArgumentException("no route " + route);
        }
        return port;
    }

    /** Stops listening and cuts every connection, within 10 s. */
    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Exiting anyway: nothing is left that a second close could free.
        }
    }

    private static Duration duration(String[] args, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException(args[index - 1] + " needs a duration (PT2S)");
        }
        try {
            return Duration.parse(args[index]);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(args[index - 1] + " takes an ISO-8601 duration such as PT2S, not " + args[index]);
        }
    }

    private static void print(String line) {
        System.out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + line);
    }
}
