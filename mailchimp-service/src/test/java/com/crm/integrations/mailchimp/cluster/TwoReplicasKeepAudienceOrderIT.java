package com.crm.integrations.mailchimp.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.mailchimp.MailchimpInfrastructure;
import com.crm.integrations.mailchimp.ingress.Posts;
import com.crm.integrations.mailchimp.ingress.StoredHooks;
import com.crm.integrations.mailchimp.ingress.StoredHooks.StoredHook;
import com.crm.integrations.testing.events.TopicReader;
import com.crm.integrations.testing.events.TopicReader.PublishedEvent;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Two replicas on one audience: the test's app and a mailchimp-service from the packaged jar, both polling the inbox
 * every 100 ms and taking batches of 5, receive a long run of changes to a few members ({@link ChangeScript}: 10 members
 * × 30 changes, and 50 late posts), the members' posts side by side and each member's alternating between the two
 * ingresses. Whichever replica holds the audience's row applies the next batch; the outcome must be as if one replica
 * had applied every post in receipt order: every delivery settled once (applied, or superseded for a late post), each
 * member's row its last change by {@code fired_at}, and its {@code subscriber.changed.v2} events on the topic one per
 * change, in {@code fired_at} order, none twice. Both replicas' {@code mailchimp_webhook_deliveries_processed_total}
 * add up to the deliveries, and each has a part.
 *
 * <p>
 * Then the same run with the replica killed (SIGKILL) in the middle of a batch: the test locks the members' rows, the
 * replica's next batch (the audience's row locked) waits on them, the replica dies, and once PostgreSQL has rolled its
 * transaction back the test's app applies that batch and all the rest, nothing lost and nothing applied twice.
 */
@QuarkusTest
@TestProfile(TwoReplicasKeepAudienceOrderIT.BusyInbox.class)
@WithTestResource(MailchimpInfrastructure.class)
class TwoReplicasKeepAudienceOrderIT {

    private static final Logger LOG = Logger.getLogger(TwoReplicasKeepAudienceOrderIT.class);

    private static final int MEMBERS = 10;
    private static final int CHANGES = 30;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration SETTLED = Duration.ofMinutes(2);
    /** Both replicas look for work often and take little at a time, so that they keep taking turns. */
    private static final Map<String, String> INBOX = Map.of("integrations.mailchimp.inbox.poll-interval", "100ms",
            "integrations.mailchimp.inbox.batch-size", "5");

    /** The test's app, a replica like the other. */
    public static class BusyInbox implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return INBOX;
        }
    }

    private static TopicReader events;

    @Inject
    Pool pool;

    @BeforeAll
    static void read() {
        events = TopicReader.of(Topics.MAILCHIMP_EVENTS);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    @Test
    void twoReplicasTakingTurnsApplyEveryChangeOfTheAudienceOnceAndInOrder() {
        // Given: an audience, and a second replica
        StoredHook hook = StoredHooks.create(pool, "t-" + UUID.randomUUID());
        ChangeScript script = ChangeScript.of(hook.audienceId(), MEMBERS, CHANGES);
        String app = appUrl();
        try (MailchimpReplica replica = MailchimpReplica.start(INBOX)) {
            double appBefore = MailchimpReplica.processed(app);

            // When: the members' posts side by side, each member's alternating between the two ingresses
            long started = System.nanoTime();
            postSideBySide(hook, script.postsByMember(), (member, n) -> (member + n) % 2 == 0 ? app : replica.baseUrl());
            long posted = System.nanoTime();

            // Then
            List<Row> deliveries = settled(hook, script.posts().size());
            LOG.infof("%d posts in %d ms, all settled %d ms later", script.posts().size(), (posted - started) / 1_000_000,
                    (System.nanoTime() - posted) / 1_000_000);
            assertOutcomes(script, deliveries);
            assertMembers(script, hook);
            assertEvents(script, hook, false);
            double byApp = MailchimpReplica.processed(app) - appBefore;
            double byReplica = replica.processed();
            LOG.infof("Deliveries settled by the test's app: %.0f, by the replica: %.0f", byApp, byReplica);
            assertTrue(byApp > 0 && byReplica > 0, "both replicas took batches: app " + byApp + ", replica " + byReplica);
            assertEquals(script.posts().size(), byApp + byReplica, 0.0, "each delivery settled by one replica, once");
        }
    }

    @Test
    void aReplicaKilledInTheMiddleOfABatchLeavesItToTheOtherAndNothingIsLostOrDoubled() {
        // Given: an audience whose first posts both replicas took turns on
        StoredHook hook = StoredHooks.create(pool, "t-" + UUID.randomUUID());
        ChangeScript script = ChangeScript.of(hook.audienceId(), MEMBERS, CHANGES);
        List<List<ChangeScript.Post>> byMember = script.postsByMember();
        int[] next = new int[MEMBERS];
        String app = appUrl();
        double appBefore = MailchimpReplica.processed(app);
        double byReplica;
        int attempts = 0;
        try (MailchimpReplica replica = MailchimpReplica.start(INBOX)) {
            List<List<ChangeScript.Post>> firstPart = new ArrayList<>();
            for (int m = 0; m < MEMBERS; m++) {
                next[m] = byMember.get(m).size() * 2 / 5;
                firstPart.add(byMember.get(m).subList(0, next[m]));
            }
            postSideBySide(hook, firstPart, (member, n) -> (member + n) % 2 == 0 ? app : replica.baseUrl());
            await().atMost(WAIT).until(() -> replica.processed() > 0);

            // When: the replica is killed while it holds the audience in a batch (its transaction is held up on the
            // members' rows, which the test locks, until it is dead)
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (true) {
                assertTrue(System.nanoTime() < deadline && attempts < 40,
                        "the replica took no batch while the members were locked, in " + attempts + " attempts");
                SqlConnection locker = pool.getConnection().await().atMost(WAIT);
                Transaction locks = locker.begin().await().atMost(WAIT);
                try {
                    // NOWAIT: a batch midway through its members is let finish (waiting for it could deadlock with it)
                    if (!lockMembers(locker, hook)) {
                        pause(Duration.ofMillis(100));
                        continue;
                    }
                    attempts++;
                    // two posts to the replica's ingress: it looks for a batch at once, the test's app at its next poll
                    for (int i = 0; i < 2; i++) {
                        int member = (2 * attempts + i) % MEMBERS;
                        Posts.post(replica.baseUrl() + hook.url(), byMember.get(member).get(next[member]++).fields());
                    }
                    String blocked = blockedOnMembers(Duration.ofSeconds(3));
                    if (MailchimpReplica.NAME.equals(blocked)) {
                        byReplica = replica.processed();
                        replica.kill();
                        break;
                    }
                    LOG.infof("Attempt %d: the batch held up was %s; again", attempts, blocked == null ? "nobody's" : "the test app's");
                } finally {
                    locks.rollback().await().atMost(WAIT);
                    locker.close().await().atMost(WAIT);
                }
            }
        }
        // Its sessions end as soon as PostgreSQL finds it gone: its batch rolled back, the audience free again
        await().atMost(WAIT).until(() -> sessions(MailchimpReplica.NAME) == 0);
        List<List<ChangeScript.Post>> rest = new ArrayList<>();
        for (int m = 0; m < MEMBERS; m++) {
            rest.add(byMember.get(m).subList(next[m], byMember.get(m).size()));
        }
        postSideBySide(hook, rest, (member, n) -> app);

        // Then: the test's app settled every delivery the replica had not committed, each once
        List<Row> deliveries = settled(hook, script.posts().size());
        assertOutcomes(script, deliveries);
        assertMembers(script, hook);
        assertEvents(script, hook, true);
        double byApp = MailchimpReplica.processed(app) - appBefore;
        LOG.infof("Killed at attempt %d. Deliveries settled by the test's app: %.0f, by the replica before it was killed: %.0f",
                attempts, byApp, byReplica);
        assertTrue(byReplica > 0, "the replica took batches before it died");
        assertEquals(script.posts().size(), byApp + byReplica, 0.0,
                "each delivery settled once: the killed replica's batch by the test's app, not by both");
    }

    /**
     * Posts each member's posts in order, each once the one before it was answered, the members side by side (a thread
     * each); {@code target} gives the ingress of a member's n-th post here.
     */
    private static void postSideBySide(StoredHook hook, List<List<ChangeScript.Post>> byMember,
            BiFunction<Integer, Integer, String> target) {
        ExecutorService posters = Executors.newFixedThreadPool(byMember.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int m = 0; m < byMember.size(); m++) {
                int member = m;
                done.add(posters.submit(() -> {
                    List<ChangeScript.Post> posts = byMember.get(member);
                    for (int n = 0; n < posts.size(); n++) {
                        Posts.post(target.apply(member, n) + hook.url(), posts.get(n).fields());
                    }
                }));
            }
            for (Future<?> posting : done) {
                posting.get(2, TimeUnit.MINUTES);
            }
        } catch (ExecutionException failed) {
            throw new AssertionError("A post was not answered 200: " + failed.getCause(), failed.getCause());
        } catch (InterruptedException | TimeoutException stuck) {
            throw new AssertionError("The posts did not finish", stuck);
        } finally {
            posters.shutdownNow();
        }
    }

    /** Every post stored once (member and fired_at name it), and ended as it must: applied, or superseded when late. */
    private static void assertOutcomes(ChangeScript script, List<Row> deliveries) {
        Map<String, Row> byPost = new LinkedHashMap<>();
        for (Row delivery : deliveries) {
            Row twice = byPost.put(delivery.getString("subscriber_hash") + " " + delivery.getOffsetDateTime("fired_at").toInstant(),
                    delivery);
            assertEquals(null, twice, "a post stored twice: delivery " + delivery.getLong("id"));
        }
        assertEquals(script.posts().size(), deliveries.size(), "one delivery per post");
        List<String> wrong = new ArrayList<>();
        for (ChangeScript.Post post : script.posts()) {
            Row delivery = byPost.get(ChangeScript.hash(post.member()) + " " + post.firedAt());
            String expected = post.type() + " " + post.expectedStatus();
            String actual = delivery == null ? "missing" : delivery.getString("type") + " " + delivery.getString("status");
            if (!expected.equals(actual)) {
                wrong.add("member " + post.member() + " at " + post.firedAt() + ": expected " + expected + ", was " + actual
                        + (delivery == null ? "" : " (" + delivery.getString("reason") + ")"));
            }
        }
        assertEquals(List.of(), wrong, "deliveries that did not end as the run says");
    }

    /** Each member's row: the status of its last status change and the profile of its last profile, by fired_at. */
    private void assertMembers(ChangeScript script, StoredHook hook) {
        Map<String, Row> rows = StoredHooks.members(pool, hook.linkId()).stream()
                .collect(Collectors.toMap(row -> row.getString("subscriber_hash"), row -> row));
        assertEquals(script.members(), rows.size(), "one row per member");
        for (int m = 0; m < script.members(); m++) {
            ChangeScript.FinalState expected = script.expectedFinal(m);
            Row row = rows.get(ChangeScript.hash(m));
            ChangeScript.FinalState actual = new ChangeScript.FinalState(row.getString("status"),
                    row.getJsonObject("merge_fields").getString("FNAME"), row.getOffsetDateTime("status_at").toInstant(),
                    row.getOffsetDateTime("profile_at").toInstant());
            assertEquals(expected, actual, "member " + m);
        }
    }

    /**
     * The audience's {@code subscriber.changed.v2} events: per member, one per applied change, in fired order, none
     * twice by CloudEvent id or by content. {@code redeliveryAllowed}: a relay killed between Kafka's acknowledgement and
     * its commit leaves its rows to another relay, which sends them again under the same ids (at least once, ADR 0006):
     * then a consumer, which keeps what it saw by id, sees each event once, and that view is what must hold.
     */
    private static void assertEvents(ChangeScript script, StoredHook hook, boolean redeliveryAllowed) {
        String type = EventType.SUBSCRIBER_CHANGED_V2.type();
        long expected = script.applied();
        // All of them, then nothing more for a while (a second copy would come within that).
        await().atMost(SETTLED).until(() -> ofType(hook, type).size() >= expected);
        pause(Duration.ofSeconds(2));
        List<PublishedEvent> published = ofType(hook, type);
        Map<String, PublishedEvent> byId = new LinkedHashMap<>();
        List<String> redelivered = new ArrayList<>();
        for (PublishedEvent event : published) {
            PublishedEvent first = byId.putIfAbsent(event.id(), event);
            if (first != null) {
                assertEquals(first.json(), event.json(), "one CloudEvent id, one content");
                redelivered.add(event.id());
            }
        }
        if (redeliveryAllowed) {
            LOG.infof("%d events on the topic, %d of them sent again under their id", published.size(), redelivered.size());
        } else {
            assertEquals(List.of(), redelivered, "CloudEvent ids on the topic twice");
        }
        List<PublishedEvent> seen = new ArrayList<>(byId.values());
        assertEquals(expected, seen.size(), "one event per applied change");
        Set<String> contents = seen.stream().map(PublishedEvent::json).collect(Collectors.toSet());
        assertEquals(seen.size(), contents.size(), "no content twice under two ids");
        Map<String, List<String>> byMember = new TreeMap<>();
        for (PublishedEvent event : seen) {
            JsonObject payload = new JsonObject(event.json());
            byMember.computeIfAbsent(payload.getString("subscriberHash"), ignored -> new ArrayList<>())
                    .add(ChangeScript.event(Instant.parse(payload.getString("occurredAt")), payload.getString("change"),
                            payload.getString("status"), payload.getJsonObject("mergeFields").getString("FNAME")));
        }
        for (int m = 0; m < script.members(); m++) {
            assertEquals(script.expectedEvents(m), byMember.get(ChangeScript.hash(m)), "member " + m + "'s events in topic order");
        }
    }

    private static List<PublishedEvent> ofType(StoredHook hook, String type) {
        return events.ofTenant(hook.tenant()).stream().filter(event -> type.equals(event.type())).toList();
    }

    /** Waits until none of the audience's deliveries is pending; returns them in receipt order. */
    private List<Row> settled(StoredHook hook, int count) {
        await().atMost(SETTLED).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<Row> rows = StoredHooks.deliveries(pool, hook.linkId());
            return rows.size() >= count && rows.stream().noneMatch(row -> "pending".equals(row.getString("status")));
        });
        return StoredHooks.deliveries(pool, hook.linkId());
    }

    /** Locks the audience's member rows in {@code locker}'s transaction; false when a batch holds one of them now. */
    private static boolean lockMembers(SqlConnection locker, StoredHook hook) {
        try {
            locker.preparedQuery("SELECT 1 FROM audience_member WHERE link_id = $1 FOR UPDATE NOWAIT")
                    .execute(Tuple.of(hook.linkId())).await().atMost(WAIT);
            return true;
        } catch (PgException held) {
            if (!"55P03".equals(held.getSqlState())) {
                throw held;
            }
            return false;
        }
    }

    /**
     * The application name of the session whose batch waits for a member row the test locked (the replica's, or the
     * test app's: {@code vertx-pg-client}), or null when none did within {@code wait}.
     */
    private String blockedOnMembers(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> waiting = new ArrayList<>();
            pool.query("SELECT application_name FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE '%INSERT INTO audience_member%'").execute().await().atMost(WAIT)
                    .forEach(row -> waiting.add(row.getString("application_name")));
            if (!waiting.isEmpty()) {
                return waiting.get(0);
            }
            pause(Duration.ofMillis(20));
        }
        return null;
    }

    private static void pause(Duration duration) {
        await().pollDelay(duration).atMost(duration.plusSeconds(1)).until(() -> true);
    }

    private int sessions(String applicationName) {
        return pool.preparedQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1")
                .execute(Tuple.of(applicationName)).await().atMost(WAIT).iterator().next().getInteger(0);
    }

    private static String appUrl() {
        return ConfigProvider.getConfig().getValue("integrations.test.app-url", String.class);
    }
}
