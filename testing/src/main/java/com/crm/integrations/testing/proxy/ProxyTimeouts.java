package com.crm.integrations.testing.proxy;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the proxy waits, and how soon it looks at an instance that failed again.
 *
 * @param connect a connection to an instance (loopback: it is there at once or not at all). Defaults to 2 s.
 * @param idle    an instance's silence while a request is in flight: before its response starts, or between two reads
 *                of its body (an event stream's heartbeats, every 15 s, keep it going). Then the client gets 504, or a
 *                cut-off body. A client connection silent for twice as long is closed. Defaults to 60 s, as ingress-nginx's
 *                {@code proxy-read-timeout}.
 * @param recheck how long an instance that refused a connection or dropped one goes to the back of the line: the
 *                others take its turns; then it gets its turn again. Defaults to 2 s.
 */
public record ProxyTimeouts(Duration connect, Duration idle, Duration recheck) {

    public static final ProxyTimeouts DEFAULTS = new ProxyTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(2));

    public ProxyTimeouts {
        requirePositive(connect, "connect");
        requirePositive(idle, "idle");
        requirePositive(recheck, "recheck");
    }

    public ProxyTimeouts withConnect(Duration value) {
        return new ProxyTimeouts(value, idle, recheck);
    }

    public ProxyTimeouts withIdle(Duration value) {
        return new ProxyTimeouts(connect, value, recheck);
    }

    public ProxyTimeouts withRecheck(Duration value) {
        return new ProxyTimeouts(connect, idle, value);
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero() || value.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the " + name + " timeout must be positive and under 24 days: " + value);
        }
    }
}
