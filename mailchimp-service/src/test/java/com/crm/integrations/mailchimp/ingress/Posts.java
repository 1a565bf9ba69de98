package com.crm.integrations.mailchimp.ingress;

import static io.restassured.RestAssured.given;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Webhook posts in Mailchimp's wire form (PROVIDERS.md §6.2), for tests that post to the ingress themselves (the cluster tests too). */
public final class Posts {

    private static final DateTimeFormatter FIRED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Posts() {
    }

    /** The form of {@code fields} in order, PHP-style keys percent-encoded as Mailchimp sends them. */
    public static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
    }

    public static Map<String, String> of(String type, Instant firedAt, String audienceId, String... data) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("type", type);
        fields.put("fired_at", FIRED_AT.format(firedAt));
        fields.put("data[list_id]", audienceId);
        for (int i = 0; i < data.length; i += 2) {
            fields.put("data[" + data[i] + "]", data[i + 1]);
        }
        return fields;
    }

    public static void post(String url, Map<String, String> fields) {
        given().contentType("application/x-www-form-urlencoded").body(form(fields)).post(url).then().statusCode(200);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
