package com.crm.integrations.sandbox.calendar.service;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * One Graph request's own settings (PROVIDERS.md §4): its account, its {@code Prefer} header(s) (several values may be
 * comma-joined: {@code odata.maxpagesize=N}, {@code outlook.timezone="…"}, {@code IdType="ImmutableId"}), its
 * {@code client-request-id}, and where it was sent, for the links it gets back.
 *
 * @param baseUri the request's scheme, host and port ({@code http://127.0.0.1:8090/}), for absolute links
 * @param path the request's path ({@code /graph/v1.0/me/calendarView/delta})
 */
public record GraphCall(String account, List<String> prefer, String clientRequestId, String baseUri, String path) {

    /**
     * The zone of the answer's times: {@code label} as it is written back ({@code timeZone}), {@code zone} to compute
     * with.
     */
    public record Zone(String label, ZoneId zone) {
    }

    /** {@code odata.maxpagesize}, or {@code null}. */
    public Integer maxPageSize() {
        String value = preference("odata.maxpagesize");
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException malformed) {
            return null; // a preference the server cannot honour is ignored
        }
    }

    /** {@code outlook.timezone} when it names a zone Graph knows (IANA or a common Windows name), else {@code null}. */
    public Zone timeZone() {
        String name = preference("outlook.timezone");
        return CalendarTimes.zone(name).map(zone -> new Zone(name, zone)).orElse(null);
    }

    private String preference(String name) {
        if (prefer == null) {
            return null;
        }
        for (String header : prefer) {
            for (String part : header.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
                int equals = part.indexOf('=');
                if (equals > 0 && part.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals(name)) {
                    String value = part.substring(equals + 1).trim();
                    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
                }
            }
        }
        return null;
    }
}
