package com.crm.integrations.calendar.sync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.calendar.MovableClock;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.services.TokenServiceConnections;
import com.crm.integrations.testing.services.TokenServiceConnections.Connection;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/** What real calendar syncs get wrong, on Google Calendar: expired tokens, mass deletions, series, zones, the window. */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class GoogleSyncEdgesTest {


    @Inject
    Pool pool;
    @Inject
    MovableClock clock;

    @AfterEach
    void clockBack() {
        clock.reset();
    }

    @Test
    void anExpiredSyncTokenBringsAFullListingThatLosesAndDoublesNothing() {
        // Given: a synced calendar of 10 events
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleSyncTest.account());
        List<String> ids = google.seed(10, GoogleSyncTest.day(1) + "T08:00:00Z", 60, 30);
        UUID link = firstSync(user, google);

        // When: the token expires while the user deletes one event and adds another
        google.delete(ids.get(3));
        String added = google.createTimed("Added", GoogleSyncTest.day(4) + "T10:00:00", GoogleSyncTest.day(4) + "T11:00:00", "UTC");
        google.expireSyncTokens();
        UUID run = LinksApi.requestSync(user, link);

        // Then: the run turned into a full listing; only the deleted and the added event were news
        JsonPath finished = LinksApi.awaitRun(user, link, run, "succeeded");
        assertEquals("full", finished.getString("kind"));
        assertEquals("resync", finished.getString("reason"));
        assertEquals(List.of(1, 0, 1), List.of(finished.getInt("created"), finished.getInt("updated"), finished.getInt("deleted")),
                "unchanged events keep their etags and are not news");
        assertEquals(10, new StoredEvents(pool).count(link));
        List<JsonPath> changes = changes(user);
        assertEquals(List.of("created", "deleted"), changes.stream().filter(c -> c.getString("providerEventId").equals(ids.get(3)))
                .map(c -> c.getString("change")).toList());
        assertEquals(List.of("created"), changes.stream().filter(c -> c.getString("providerEventId").equals(added))
                .map(c -> c.getString("change")).toList());
        assertEquals(12, changes.size(), "10 created at first, then one deleted and one created");
    }

    @Test
    void aFullListingLooksUpWhatItLacksAndAnEventThatMovedAwayIsAnUpdateNotADeletion() {
        // Given: a synced calendar of 3 events; one moves far beyond the window and the sync token expires,
        // so no incremental listing sees the move before the next full one
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleSyncTest.account());
        List<String> ids = google.seed(3, GoogleSyncTest.day(1) + "T08:00:00Z", 60, 30);
        UUID link = firstSync(user, google);
        LocalDate far = GoogleSyncTest.day(500);
        google.edit(ids.get(0), Map.of("start", far + "T08:00:00Z", "end", far + "T09:00:00Z"));
        google.expireSyncTokens();

        // When
        JsonPath run = LinksApi.awaitRun(user, link, LinksApi.requestSync(user, link), "succeeded");

        // Then: the full listing lacked it, the provider still had it: updated with its new time, never deleted
        assertEquals("full", run.getString("kind"));
        assertEquals(List.of(0, 1, 0), List.of(run.getInt("created"), run.getInt("updated"), run.getInt("deleted")));
        assertEquals(List.of("created", "updated"), changes(user).stream()
                .filter(c -> c.getString("providerEventId").equals(ids.get(0))).map(c -> c.getString("change")).toList());
        assertEquals(3, new StoredEvents(pool).count(link));
    }

    @Test
    void haltsAFullListingThatWouldDeleteMostOfTheCalendarUntilSomeoneAllowsIt() {
        // Given: a synced calendar of 20 events, 15 of which the provider stops returning
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleSyncTest.account());
        List<String> ids = google.seed(20, GoogleSyncTest.day(1) + "T08:00:00Z", 60, 30);
        UUID link = firstSync(user, google);
        ids.subList(0, 15).forEach(google::delete);
        google.expireSyncTokens();

        // When
        UUID halted = LinksApi.requestSync(user, link);

        // Then: nothing was deleted, and the CRM heard why
        JsonPath run = LinksApi.awaitRun(user, link, halted, "halted");
        assertEquals("mass_delete_guard", run.getString("failure.providerCode"));
        assertEquals(20, new StoredEvents(pool).count(link));
        JsonPath failed = PublishedEvents.await(user, PublishedEvents.FAILED, 1);
        assertEquals("mass_delete_guard", failed.getString("providerCode"));
        assertEquals(0, changes(user).stream().filter(c -> c.getString("change").equals("deleted")).count());

        // When: someone checked the calendar and allows it
        UUID allowed = given().auth().oauth2(user.token()).contentType(ContentType.JSON).body("{\"allowMassDelete\":true}")
                .post("/calendar/links/" + link + "/syncs").then().statusCode(202).extract().jsonPath().getUUID("id");

        // Then
        assertEquals(15, LinksApi.awaitRun(user, link, allowed, "succeeded").getInt("deleted"));
        assertEquals(5, new StoredEvents(pool).count(link));
    }

    @Test
    void cancellingAnOccurrenceRemovesThatOneAndOccurrencesCancelledBeforeTheFirstSyncStayHidden() {
        // Given: a weekly series of four, whose second occurrence was cancelled before the account was connected
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleSyncTest.account());
        LocalDate first = GoogleSyncTest.day(2);
        String series = google.create(Map.of("title", "Weekly review", "start", first + "T09:00:00", "end", first + "T09:30:00",
                "zone", "UTC", "rrule", "FREQ=WEEKLY;COUNT=4")).getString("id");
        google.cancelOccurrence(series, first.plusWeeks(1) + "T09:00:00Z");
        UUID link = firstSync(user, google);
        assertEquals(List.of(first, first.plusWeeks(2), first.plusWeeks(3)), starts(link), "the cancelled one never shows");

        // When: the user cancels the third
        google.cancelOccurrence(series, first.plusWeeks(2) + "T09:00:00Z");
        LinksApi.awaitRun(user, link, LinksApi.requestSync(user, link), "succeeded");

        // Then: exactly that occurrence went, found by its series and original start
        assertEquals(List.of(first, first.plusWeeks(3)), starts(link));
        JsonPath deleted = changes(user).stream().filter(c -> c.getString("change").equals("deleted")).findFirst().orElseThrow();
        assertEquals(series, deleted.getString("seriesId"));
        assertEquals(first.plusWeeks(2) + "T09:00:00Z", deleted.getString("originalStartsAt"));
    }

    @Test
    void allDayEventsKeepTheirDatesAndZonedTimesTheirInstant() {
        // Given: an all-day event, and 09:00 in Berlin in winter and in summer
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleSyncTest.account());
        LocalDate offsite = GoogleSyncTest.day(5);
        google.create(Map.of("title", "Offsite", "start", offsite.toString(), "end", offsite.plusDays(2).toString(), "allDay", true));
        LocalDate winter = next(Month.JANUARY);
        LocalDate summer = next(Month.JULY);
        google.createTimed("Winter call", winter + "T09:00:00", winter + "T09:30:00", "Europe/Berlin");
        google.createTimed("Summer call", summer + "T09:00:00", summer + "T09:30:00", "Europe/Berlin");

        // When
        UUID link = firstSync(user, google);

        // Then
        StoredEvents stored = new StoredEvents(pool);
        Row allDay = stored.byTitle(link, "Offsite");
        assertTrue(allDay.getBoolean("all_day"));
        assertEquals(offsite, allDay.getLocalDate("start_date"));
        assertEquals(offsite.plusDays(2), allDay.getLocalDate("end_date"), "the end date stays exclusive");
        assertEquals(Instant.parse(winter + "T08:00:00Z"), stored.byTitle(link, "Winter call").getOffsetDateTime("starts_at").toInstant());
        assertEquals(Instant.parse(summer + "T07:00:00Z"), stored.byTitle(link, "Summer call").getOffsetDateTime("starts_at").toInstant());
        JsonPath published = changes(user).stream().filter(c -> c.getBoolean("allDay")).findFirst().orElseThrow();
        assertEquals(offsite.toString(), published.getString("startDate"));
        assertEquals(offsite.plusDays(2).toString(), published.getString("endDate"));
    }

    @Test
    void changesOutsideTheWindowAreIgnoredAndTheDailyRebaselineTakesInWhatSlidIn() {
        // Given: a tenant that syncs today and tomorrow, an event in three days, and one far ahead
        TestUser user = TestUser.fresh();
        given().auth().oauth2(user.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("pastDays", 0, "futureDays", 1, "direction", "two_way"))
                .put("/calendar/settings").then().statusCode(200);
        CalendarStandIn google = CalendarStandIn.google(GoogleSyncTest.account());
        LocalDate inThreeDays = GoogleSyncTest.day(3);
        google.createTimed("Soon", inThreeDays + "T10:00:00", inThreeDays + "T11:00:00", "UTC");
        google.createTimed("Today", GoogleSyncTest.day(0) + "T23:00:00", GoogleSyncTest.day(0) + "T23:30:00", "UTC");
        UUID link = firstSync(user, google);
        assertEquals(List.of("Today"), new StoredEvents(pool).titles(link));

        // When: an event far outside the window changes, and a sync lists the changes
        google.createTimed("Far ahead", GoogleSyncTest.day(40) + "T10:00:00", GoogleSyncTest.day(40) + "T11:00:00", "UTC");
        LinksApi.awaitRun(user, link, LinksApi.requestSync(user, link), "succeeded");

        // Then: it is not ours to store or publish
        assertEquals(List.of("Today"), new StoredEvents(pool).titles(link));

        // When: two days pass; the window slid, and a cursor never reports the unchanged event that slid in
        clock.advance(Duration.ofDays(2));
        UUID rebaseline = LinksApi.requestSync(user, link);

        // Then: the daily full listing takes it in, and lets the one that slid out go without telling the CRM
        JsonPath run = LinksApi.awaitRun(user, link, rebaseline, "succeeded");
        assertEquals("full", run.getString("kind"));
        assertEquals("rebaseline", run.getString("reason"));
        assertEquals(List.of("Soon"), new StoredEvents(pool).titles(link));
        assertEquals(0, changes(user).stream().filter(c -> c.getString("change").equals("deleted")).count(),
                "an event that left the window was not deleted");
        assertFalse(changes(user).stream().anyMatch(c -> c.getString("providerEventId") == null));
    }

    private UUID firstSync(TestUser user, CalendarStandIn google) {
        Connection connection = TokenServiceConnections.connect(user, "google", google.account());
        UUID link = LinksApi.awaitLink(user, connection.id());
        PublishedEvents.await(user, PublishedEvents.SYNCED, 1);
        assertNull(LinksApi.link(user, link).getString("lastFailure"));
        return link;
    }

    private List<LocalDate> starts(UUID link) {
        return new StoredEvents(pool).rows(link).stream()
                .map(row -> row.getOffsetDateTime("starts_at").toLocalDate()).toList();
    }

    private static List<JsonPath> changes(TestUser user) {
        return PublishedEvents.of(user, PublishedEvents.CHANGED);
    }

    /** The next 15th of {@code month}, at least a week ahead (inside the default window of 365 days). */
    private static LocalDate next(Month month) {
        LocalDate candidate = LocalDate.of(GoogleSyncTest.day(7).getYear(), month, 15);
        return candidate.isBefore(GoogleSyncTest.day(7)) ? candidate.plusYears(1) : candidate;
    }
}
