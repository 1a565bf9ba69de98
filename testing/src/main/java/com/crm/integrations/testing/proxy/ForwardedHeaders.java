package com.crm.integrations.testing.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which headers cross the proxy: every end-to-end header, as many times as it came and in order (cookies, {@code
 * Set-Cookie}, {@code Location}, {@code Authorization}, {@code Content-Length} included), none of the hop-by-hop ones
 * (RFC 9110 section 7.6.1: they belong to one connection, and each side of the proxy has its own), nor those a
 * {@code Connection} header names. {@code Host} goes as the request's authority, unchanged; {@code Expect:
 * 100-continue} the proxy answers itself.
 */
final class ForwardedHeaders {

    static final String X_FORWARDED_FOR = "x-forwarded-for";

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");
    private static final Set<String> REQUEST_ONLY = Set.of("host", "expect");

    private ForwardedHeaders() {
    }

    /**
     * A request's headers for the instance, plus the client's address appended to {@code X-Forwarded-For} as an ingress
     * does (no service reads it: quarkus.http.proxy.proxy-address-forwarding is off everywhere).
     */
    static void copyRequest(HttpServerRequest from, MultiMap to) {
        copy(from.headers(), to, REQUEST_ONLY);
        String client = from.remoteAddress() == null ? null : from.remoteAddress().hostAddress();
        if (client != null) {
            String before = String.join(", ", from.headers().getAll(X_FORWARDED_FOR));
            to.set(X_FORWARDED_FOR, before.isEmpty() ? client : before + ", " + client);
        }
    }

    /** A response's headers for the client. */
    static void copyResponse(MultiMap from, MultiMap to) {
        copy(from, to, Set.of());
    }

    private static void copy(MultiMap from, MultiMap to, Set<String> alsoSkipped) {
        Set<String> named = from.getAll("connection").stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(name -> name.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        from.forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !named.contains(name) && !alsoSkipped.contains(name)) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }
}
