package com.crm.integrations.testing.proxy;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One instance of a service, as the proxy has found it: whether it answered last time, and when it last failed. It logs
 * a line when that changes, never per request.
 */
final class Instance {

    private enum State { UNKNOWN, UP, DOWN }

    private final String name;
    private final int port;
    private final Consumer<String> log;
    private final AtomicReference<State> state = new AtomicReference<>(State.UNKNOWN);
    private volatile long failedAt;

    Instance(String name, int port, Consumer<String> log) {
        this.name = name;
        this.port = port;
        this.log = log;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    /** It answered a request (its response began). */
    void answered() {
        State before = state.getAndSet(State.UP);
        if (before != State.UP) {
            log.accept(this + (before == State.DOWN ? " is up again" : " is up"));
        }
    }

    /** It refused a connection, or dropped one before its response ended. */
    void failed(String reason) {
        failedAt = System.nanoTime();
        if (state.getAndSet(State.DOWN) != State.DOWN) {
            log.accept(this + " is down (" + reason + "): the others take its turns");
        }
    }

    /** Whether it failed within the last {@code nanos}: it then waits at the back of the line. */
    boolean failedWithin(long nanos, long now) {
        return state.get() == State.DOWN && now - failedAt < nanos;
    }

    @Override
    public String toString() {
        return name + " (" + RoundRobinProxy.LOOPBACK + ":" + port + ")";
    }
}
