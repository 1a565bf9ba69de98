package com.crm.integrations.calendar.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** What calendar-service stored for a link, read straight from its tables. */
public record StoredEvents(Pool pool) {

    private static final Duration WAIT = Duration.ofSeconds(10);

    public long count(UUID linkId) {
        return pool.preparedQuery("SELECT count(*) FROM synced_event WHERE link_id = $1").execute(Tuple.of(linkId))
                .await().atMost(WAIT).iterator().next().getLong(0);
    }

    /** The rows of a link, by start: provider id, title, etag, start, end, all-day, dates, series, original start. */
    public List<Row> rows(UUID linkId) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("SELECT provider_event_id, title, etag, starts_at, ends_at, all_day, start_date, end_date, series_id,"
                + " original_start FROM synced_event WHERE link_id = $1 ORDER BY starts_at, provider_event_id")
                .execute(Tuple.of(linkId)).await().atMost(WAIT).forEach(rows::add);
        return rows;
    }

    public List<String> titles(UUID linkId) {
        return rows(linkId).stream().map(row -> row.getString("title")).toList();
    }

    public Row byTitle(UUID linkId, String title) {
        return rows(linkId).stream().filter(row -> title.equals(row.getString("title"))).findFirst()
                .orElseThrow(() -> new AssertionError("no stored event titled " + title));
    }
}
