package com.crm.integrations.calendar.sync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.services.TokenServiceConnections;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The user's writes to a link while a sync worker's transaction holds it: they wait for the worker's transaction and
 * then act on what it left, never deadlock with it (which answered the user 500).
 */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class SyncWorkerRacesTest {

    @Inject
    Pool pool;

    @Test
    void aSyncAskedForWhileTheWorkerStartsARunAnswersWithThatRun() throws Exception {
        // Given: a synced link, and a worker's transaction that holds it and has not started its run yet
        TestUser user = TestUser.fresh();
        UUID link = synced(user, CalendarStandIn.google(GoogleSyncTest.account()));
        try (WorkerTransaction worker = WorkerTransaction.holding(pool, link)) {

            // When: the user asks for a sync meanwhile, and the worker then starts its run
            CompletableFuture<Response> asked = CompletableFuture.supplyAsync(() -> given().auth().oauth2(user.token())
                    .contentType(ContentType.JSON).body("{}").post("/calendar/links/" + link + "/syncs"));
            worker.awaitSomeoneWaiting();
            UUID run = worker.startRun(link);
            worker.commit();

            // Then
            Response answer = asked.get(LinksApi.WAIT.toSeconds(), TimeUnit.SECONDS);
            answer.then().statusCode(200);
            assertEquals(run.toString(), answer.path("id"));
        }
    }

    @Test
    void pickingAnotherCalendarWhileTheWorkerWritesAPageSupersedesItsRun() throws Exception {
        // Given: a synced link with a run going, and the transaction of one of its pages
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleSyncTest.account());
        String team = google.addCalendar("Team");
        UUID link = synced(user, google);
        UUID run;
        try (WorkerTransaction starting = WorkerTransaction.holding(pool, link)) {
            run = starting.startRun(link);
            starting.commit();
        }
        try (WorkerTransaction page = WorkerTransaction.holding(pool, link)) {

            // When: the user picks the team's calendar meanwhile, and the page's transaction then stores the run's progress
            CompletableFuture<Response> picked = CompletableFuture.supplyAsync(() -> given().auth().oauth2(user.token())
                    .contentType(ContentType.JSON).body(Map.of("calendarId", team, "paused", false)).put("/calendar/links/" + link));
            page.awaitSomeoneWaiting();
            page.writePage(run);
            page.commit();

            // Then
            Response answer = picked.get(LinksApi.WAIT.toSeconds(), TimeUnit.SECONDS);
            answer.then().statusCode(200);
            assertEquals(team, answer.path("calendarId"));
            Row stored = pool.preparedQuery("SELECT state, failure_code, pages FROM sync_run WHERE id = $1").execute(Tuple.of(run))
                    .await().atMost(LinksApi.WAIT).iterator().next();
            assertEquals(List.of("failed", "superseded", 1),
                    List.of(stored.getString("state"), stored.getString("failure_code"), stored.getInteger("pages")));
        }
    }

    /** The user's link to the account, once its first sync completed. */
    private static UUID synced(TestUser user, CalendarStandIn google) {
        google.seed(2, GoogleSyncTest.day(1) + "T08:00:00Z", 60, 30);
        UUID link = LinksApi.awaitLink(user, TokenServiceConnections.connect(user, "google", google.account()).id());
        LinksApi.awaitSuccess(user, link);
        return link;
    }
}
