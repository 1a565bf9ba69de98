package com.crm.integrations.testing.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Whose turn it is among a route's instances: each request starts at the next instance in turn and falls back on the
 * others in order. An instance that failed within the recheck interval goes to the back of the line, so that requests
 * do not knock on a dead instance first while the others answer; once the interval has passed it gets its turn again
 * (a look, passively, with a real request: the proxy sends nothing of its own).
 */
final class Turns {

    private final Route route;
    private final List<Instance> instances;
    private final long recheckNanos;
    private final AtomicInteger next = new AtomicInteger();

    Turns(Route route, ProxyTimeouts timeouts, Consumer<String> log) {
        this.route = route;
        this.instances = IntStream.range(0, route.instancePorts().size())
                .mapToObj(i -> new Instance(route.instanceName(i), route.instancePorts().get(i), log))
                .toList();
        this.recheckNanos = timeouts.recheck().toNanos();
    }

    Route route() {
        return route;
    }

    /** The instances to try for one request, in order: every instance once. */
    List<Instance> nextOrder() {
        int size = instances.size();
        int first = Math.floorMod(next.getAndIncrement(), size);
        long now = System.nanoTime();
        List<Instance> order = new ArrayList<>(size);
        List<Instance> resting = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Instance instance = instances.get((first + i) % size);
            (instance.failedWithin(recheckNanos, now) ? resting : order).add(instance);
        }
        order.addAll(resting);
        return order;
    }
}
