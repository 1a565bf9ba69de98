package com.crm.integrations.sandbox.mailchimp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * One audience webhook post (PROVIDERS.md §6.2): {@code type}, {@code fired_at} and the {@code data[…]} fields in their
 * order, keys as PHP-style bracketed names ({@code data[merges][FNAME]}).
 */
public record WebhookEvent(EventType type, Instant firedAt, List<Map.Entry<String, String>> data) {

    /** {@code 2009-03-26 21:35:57}: UTC, no zone (§6.2 [unconf]: Mailchimp does not say which zone). */
    private static final DateTimeFormatter FIRED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    public WebhookEvent {
        data = List.copyOf(data);
    }

    public String firedAtText() {
        return FIRED_AT.format(firedAt);
    }

    /**
     * The {@code application/x-www-form-urlencoded} body: keys and values percent-encoded as PHP's {@code http_build_query}
     * does ({@code data%5Bmerges%5D%5BFNAME%5D=Ada}, spaces as {@code +}).
     */
    public String formBody() {
        StringBuilder body = new StringBuilder();
        append(body, "type", type.wireName());
        append(body, "fired_at", firedAtText());
        data.forEach(field -> append(body, field.getKey(), field.getValue()));
        return body.toString();
    }

    private static void append(StringBuilder body, String key, String value) {
        if (!body.isEmpty()) {
            body.append('&');
        }
        body.append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8));
    }
}
