package com.crm.integrations.status.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/**
 * The siblings' health endpoints for status-service's tests, served by the test application itself at
 * {@code /test-siblings/<name>/q/health/ready} and {@code …/q/health/group/kafka} (the test configuration points
 * {@code integrations.status.siblings.*.url} here; a permit rule opens the path). Every sibling answers healthy until a
 * test says otherwise; {@link #reset()} makes them all healthy again. Counts what it was asked, for tests to wait on.
 */
@ApplicationScoped
@Path("/test-siblings/{sibling}/q/health")
public class StubSiblings {

    /** How one stub sibling answers, and what it was asked. */
    public static final class Sibling {
        volatile int readyStatus = 200;
        volatile boolean kafkaUp = true;
        volatile Duration delay = Duration.ZERO;
        final AtomicInteger failReadyTimes = new AtomicInteger();
        final AtomicInteger asked = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicReference<Instant> firstFailure = new AtomicReference<>();

        /** Health probes answered (ready questions). */
        public int asked() {
            return asked.get();
        }

        /** Ready or Kafka questions answered with a failure. */
        public int failed() {
            return failed.get();
        }

        /** When the first failing answer was given since the last reset. */
        public Instant firstFailure() {
            return firstFailure.get();
        }
    }

    private final Map<String, Sibling> siblings = new ConcurrentHashMap<>();

    public Sibling sibling(String name) {
        return siblings.computeIfAbsent(name, ignored -> new Sibling());
    }

    /** Every sibling healthy, answering at once, with nothing counted. */
    public void reset() {
        siblings.clear();
    }

    /** {@code name}'s readiness answers {@code status} from now on. */
    public void ready(String name, int status) {
        sibling(name).readyStatus = status;
    }

    /** {@code name}'s next {@code times} readiness answers are 503, the later ones as set. */
    public void failReady(String name, int times) {
        sibling(name).failReadyTimes.set(times);
    }

    /** {@code name}'s Kafka group is UP or DOWN from now on. */
    public void kafka(String name, boolean up) {
        sibling(name).kafkaUp = up;
    }

    /** {@code name} answers every question after {@code delay}. */
    public void delay(String name, Duration delay) {
        sibling(name).delay = delay;
    }

    @GET
    @Path("/ready")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> ready(@PathParam("sibling") String name) {
        Sibling sibling = sibling(name);
        sibling.asked.incrementAndGet();
        boolean once = sibling.failReadyTimes.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
        int status = once ? 503 : sibling.readyStatus;
        return answer(sibling, status);
    }

    @GET
    @Path("/group/kafka")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> kafka(@PathParam("sibling") String name) {
        Sibling sibling = sibling(name);
        return answer(sibling, sibling.kafkaUp ? 200 : 503);
    }

    private static Uni<Response> answer(Sibling sibling, int status) {
        if (status != 200) {
            sibling.failed.incrementAndGet();
            sibling.firstFailure.compareAndSet(null, Instant.now());
        }
        Response response = Response.status(status)
                .entity("{\"status\":\"" + (status == 200 ? "UP" : "DOWN") + "\",\"checks\":[]}").build();
        Uni<Response> answer = Uni.createFrom().item(response);
        return sibling.delay.isZero() ? answer : answer.onItem().delayIt().by(sibling.delay);
    }
}
