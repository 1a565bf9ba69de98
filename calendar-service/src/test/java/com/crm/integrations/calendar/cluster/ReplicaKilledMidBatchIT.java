package com.crm.integrations.calendar.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.calendar.sync.CalendarStandIn;
import com.crm.integrations.calendar.writes.Batches;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.TestUser;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A replica killed in the middle of a job: the test's app sends no batches itself; a replica from the packaged jar
 * drives the job and is killed (SIGKILL) while it has a group at Google; a third replica takes the job over when the
 * dead one's leases lapse, sends that group again, and finishes. Every event exists once: the group sent twice found
 * its events by their keys.
 */
@QuarkusTest
@TestProfile(ReplicaKilledMidBatchIT.NoBatchWorker.class)
@WithTestResource(CalendarInfrastructure.class)
class ReplicaKilledMidBatchIT {

    private static final int ITEMS = 600;
    /** Batches on, and a short lease: the dead replica's group goes again soon. */
    private static final Map<String, String> REPLICA = Map.of("integrations.calendar.batches.enabled", "true",
            "integrations.calendar.batches.lease", "5s");

    /**
     * The test's app stores jobs and serves the API, but sends no batch: the replicas do. Its items wait out the dead
     * replica (they give up 10 min after the job was stored, not the tests' 20 s).
     */
    public static class NoBatchWorker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("integrations.calendar.batches.enabled", "false", "integrations.calendar.batches.give-up-after", "10m");
        }
    }

    @Inject
    Pool pool;

    @Test
    void aJobWhoseReplicaIsKilledMidwayCompletesOnAnotherWithNoEventTwice() {
        // Given: a linked user, Google answering each batch in 800 ms, and a replica that drives jobs
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google("it-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com");
        Batches.linked(user, google);
        String slow = SandboxControl.latency("POST", "/google/batch/*", 800, 1000);
        try {
            UUID job;
            try (CalendarReplica doomed = CalendarReplica.start(REPLICA)) {
                job = Batches.start(user, Batches.job("create", Batches.creates("crash", ITEMS)));

                // When: it has sent some groups and has the next one at Google, it dies
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                        .until(() -> Batches.get(user, job).getInt("counts.succeeded") >= 150);
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> inFlight(job) > 0);
                doomed.kill();
            }
            int stranded = inFlight(job);
            assertTrue(stranded > 0, "the dead replica left a group leased");

            // Then: another replica finishes the job once the leases lapse (the group's, 5 s; the dead replica's hold on the
            // user's mailbox, the longest call's 30 s and 30 s more)
            try (CalendarReplica survivor = CalendarReplica.start(REPLICA)) {
                JsonPath done;
                try {
                    done = Batches.awaitState(user, job, "completed", Duration.ofMinutes(3));
                } catch (AssertionError notDone) {
                    throw new AssertionError(notDone.getMessage() + "\nItems by outcome: " + outcomes(job), notDone);
                }
                assertEquals(List.of(ITEMS, ITEMS, 0), List.of(done.getInt("counts.total"), done.getInt("counts.succeeded"),
                        done.getInt("counts.failed")));
            }
            assertEquals(ITEMS, Batches.liveEvents(google).size());
            assertEquals(ITEMS, Batches.distinctActivities(google), "no activity's event twice");
            assertTrue(resent(job) >= stranded, "the stranded group was sent again");
        } finally {
            SandboxControl.removeRule(slow);
        }
    }

    /** The job's items leased and not yet recorded. */
    private int inFlight(UUID job) {
        return pool.preparedQuery("SELECT count(*) FROM calendar_command WHERE batch_id = $1 AND state = 'running'")
                .execute(Tuple.of(job)).await().atMost(Duration.ofSeconds(10)).iterator().next().getInteger(0);
    }

    /** The job's items by state and failure, for a failure's message. */
    private String outcomes(UUID job) {
        StringBuilder text = new StringBuilder();
        pool.preparedQuery("SELECT state, failure_code, provider_code, failure_reason, count(*) AS n FROM calendar_command"
                + " WHERE batch_id = $1 GROUP BY 1, 2, 3, 4").execute(Tuple.of(job)).await().atMost(Duration.ofSeconds(10))
                .forEach(row -> text.append("\n  ").append(row.getLong("n")).append(" × ").append(row.getString("state")).append(' ')
                        .append(row.getString("failure_code")).append(' ').append(row.getString("provider_code")).append(": ")
                        .append(row.getString("failure_reason")));
        return text.toString();
    }

    /** The job's items sent more than once. */
    private int resent(UUID job) {
        return pool.preparedQuery("SELECT count(*) FROM calendar_command WHERE batch_id = $1 AND attempts > 1")
                .execute(Tuple.of(job)).await().atMost(Duration.ofSeconds(10)).iterator().next().getInteger(0);
    }
}
