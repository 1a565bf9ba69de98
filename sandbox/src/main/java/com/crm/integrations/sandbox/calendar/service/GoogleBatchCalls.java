package com.crm.integrations.sandbox.calendar.service;

import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.provider.ApiAnswer;
import com.crm.integrations.sandbox.provider.ProviderRefusal;

/**
 * One inner request of a Google batch, sent to the same reads and writes as the single calls: the calendar list,
 * events.list, get, insert, patch, update, delete and move, under {@code /calendar/v3} (the real API's path; the
 * sandbox's own {@code /google/calendar/v3} is taken too). Any other path or method → 404 {@code notFound} [unconf].
 */
@Singleton
public class GoogleBatchCalls {

    private static final String ROOT = "/calendar/v3/";
    private static final String SANDBOX_ROOT = "/google" + ROOT;
    private static final String EVENTS = "events";

    private final GoogleCalendarReads reads;
    private final GoogleCalendarWrites writes;

    GoogleBatchCalls(GoogleCalendarReads reads, GoogleCalendarWrites writes) {
        this.reads = reads;
        this.writes = writes;
    }

    /** @param parameters the query's, the batch's own applied */
    ItemAnswer call(String account, BatchItem item, Map<String, List<String>> parameters) {
        List<String> path = item.segmentsAfter(item.path().startsWith(SANDBOX_ROOT) ? SANDBOX_ROOT : ROOT);
        try {
            if (path == null) {
                throw GoogleErrors.notFound();
            }
            if (path.equals(List.of("users", "me", "calendarList")) && "GET".equals(item.method())) {
                return ItemAnswer.ok(200, reads.calendarList(account));
            }
            if (path.size() < 3 || !"calendars".equals(path.get(0)) || !EVENTS.equals(path.get(2))) {
                throw GoogleErrors.notFound();
            }
            return path.size() == 3 ? events(account, path.get(1), item, parameters) : event(account, path, item, parameters);
        } catch (ProviderRefusal refused) {
            return ItemAnswer.of((ApiAnswer) refused.answer());
        }
    }

    private ItemAnswer events(String account, String calendarId, BatchItem item, Map<String, List<String>> parameters) {
        return switch (item.method()) {
            case "GET" -> ItemAnswer.ok(200, reads.events(account, calendarId, parameters));
            case "POST" -> ItemAnswer.ok(200, writes.insert(account, calendarId, item.body()));
            default -> throw GoogleErrors.notFound();
        };
    }

    private ItemAnswer event(String account, List<String> path, BatchItem item, Map<String, List<String>> parameters) {
        String calendarId = path.get(1);
        String eventId = path.get(3);
        String ifMatch = item.header("If-Match");
        if (path.size() == 5 && "move".equals(path.get(4)) && "POST".equals(item.method())) {
            List<String> destination = parameters.get("destination");
            return ItemAnswer.ok(200, writes.move(account, calendarId, eventId, destination == null ? null : destination.get(0)));
        }
        if (path.size() != 4) {
            throw GoogleErrors.notFound();
        }
        return switch (item.method()) {
            case "GET" -> ItemAnswer.ok(200, reads.get(account, calendarId, eventId));
            case "PATCH" -> ItemAnswer.ok(200, writes.patch(account, calendarId, eventId, ifMatch, item.body()));
            case "PUT" -> ItemAnswer.ok(200, writes.update(account, calendarId, eventId, ifMatch, item.body()));
            case "DELETE" -> {
                writes.delete(account, calendarId, eventId, ifMatch);
                yield ItemAnswer.noContent();
            }
            default -> throw GoogleErrors.notFound();
        };
    }
}
