package com.crm.integrations.calendar.writes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.calendar.sync.CalendarStandIn;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.contract.TestUser;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A job's progress as Server-Sent Events: every step with its sequence as the event id, heartbeats between, the final
 * step as {@code completed} and then the end of the stream; a client that reconnects with {@code Last-Event-ID} gets
 * exactly the steps after it; the stream ends when the caller's token does; another user's job is not found.
 */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class BatchProgressTest {

    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One SSE event as received (a heartbeat is a comment: no id, no name). */
    record Received(String id, String name, String data, boolean comment) {
    }

    @Test
    void aReconnectingClientMissesNoStepAndTheStreamEndsWithTheJob() throws Exception {
        // Given: a job of 300 creates whose batches Google answers in 300 ms each (6 steps and more)
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        GoogleWritesTest.linked(user, google);
        String slow = SandboxControl.latency("POST", "/google/batch/*", 300, 1000);
        try {
            UUID job = Batches.start(user, Batches.job("create", Batches.creates("sse", 300)));

            // When: a client reads two steps, drops the connection, and comes back with the last id it saw
            List<Received> first = read(user.token(), job, null, 2);
            String lastSeen = first.get(first.size() - 1).id();
            List<Received> rest = read(user.token(), job, lastSeen, Integer.MAX_VALUE);

            // Then: the steps' ids run on from the last one seen without a gap, the last is "completed", then the stream ends
            List<Long> ids = new ArrayList<>();
            for (Received event : concat(first, rest)) {
                if (!event.comment()) {
                    ids.add(Long.parseLong(event.id()));
                }
            }
            for (int i = 1; i < ids.size(); i++) {
                assertEquals(ids.get(i - 1) + 1, ids.get(i), "ids " + ids);
            }
            Received last = rest.get(rest.size() - 1);
            assertEquals("completed", last.name());
            JsonPath done = JsonPath.from(last.data());
            assertEquals(List.of("completed", 300, 300, 0), List.of(done.getString("state"), done.getInt("total"), done.getInt("succeeded"),
                    done.getInt("pending")));
            assertTrue(rest.stream().anyMatch(Received::comment), "heartbeats between steps");

            // And: a client that comes back after the end gets nothing more, at once
            assertEquals(List.of(), read(user.token(), job, last.id(), Integer.MAX_VALUE));
        } finally {
            SandboxControl.removeRule(slow);
        }
    }

    @Test
    void theStreamEndsWhenTheCallersTokenExpiresAndIsPrivateToItsUser() throws Exception {
        // Given: a job that waits (its batches answered in 5 s), and a token that expires in 3 s
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        GoogleWritesTest.linked(user, google);
        String slow = SandboxControl.latency("POST", "/google/batch/*", 5000, 1000);
        try {
            UUID job = Batches.start(user, Batches.job("create", Batches.creates("expiring", 200)));
            String shortLived = SandboxTokens.userExpiringIn(user.tenant(), user.user(), 3);

            // When
            long started = System.nanoTime();
            List<Received> events = read(shortLived, job, null, Integer.MAX_VALUE);

            // Then: the stream ended by itself, about when the token did, before the job's end
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            assertTrue(seconds >= 1 && seconds <= 10, "ended after " + seconds + " s");
            assertTrue(events.stream().noneMatch(event -> "completed".equals(event.name())));

            // And: another user of the tenant is told no such job
            HttpResponse<String> stranger = http.send(request(user.colleague().token(), job, null), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, stranger.statusCode());
        } finally {
            SandboxControl.removeRule(slow);
        }
    }

    private HttpRequest request(String token, UUID job, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "calendar/batches/" + job + "/progress"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return request.GET().build();
    }

    /** Reads the stream until {@code steps} steps arrived (then drops the connection) or it ends. */
    private List<Received> read(String token, UUID job, String lastEventId, int steps) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request(token, job, lastEventId), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        List<Received> events = new ArrayList<>();
        int stepsRead = 0;
        try (InputStream body = response.body();
                BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            StringBuilder data = new StringBuilder();
            boolean comment = false;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (id != null || name != null || data.length() > 0 || comment) {
                        events.add(new Received(id, name, data.toString(), comment && id == null && name == null));
                        if (id != null && ++stepsRead >= steps) {
                            return events;
                        }
                    }
                    id = null;
                    name = null;
                    data.setLength(0);
                    comment = false;
                } else if (line.startsWith(":")) {
                    comment = true;
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
        }
        return events;
    }

    private static List<Received> concat(List<Received> first, List<Received> second) {
        List<Received> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
