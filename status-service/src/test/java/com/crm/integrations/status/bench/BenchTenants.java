package com.crm.integrations.status.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;

import com.crm.integrations.common.events.payload.AudienceChange;
import com.crm.integrations.common.events.payload.AudienceLinkState;
import com.crm.integrations.common.events.payload.ConnectionChange;
import com.crm.integrations.common.events.payload.ConnectionCheckOutcome;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.events.payload.DeliveryCounts;
import com.crm.integrations.common.events.payload.MemberCounts;
import com.crm.integrations.status.SiblingEvents;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The benchmark's tenants and the siblings' facts about them. Tenant {@code i} ({@code <prefix>-t-00042}) has one user
 * ({@code <prefix>-u-00042}) who connected Google (a refresh, a calendar linked and synced), a Mailchimp key whose audience
 * was linked and imported, and, unless {@code i % 4 == 1}, a Mapbox key checked valid: 8 events, 6 without Mapbox (7.5 on
 * average). Ids are derived from the tenant, so any phase can name them again.
 */
final class BenchTenants {

    private static final int WITHOUT_MAPBOX = 4;

    private final String prefix;
    private final int count;

    BenchTenants(String prefix, int count) {
        this.prefix = prefix;
        this.count = count;
    }

    int count() {
        return count;
    }

    String tenant(int i) {
        return String.format(Locale.ROOT, "%s-t-%05d", prefix, i);
    }

    String user(int i) {
        return String.format(Locale.ROOT, "%s-u-%05d", prefix, i);
    }

    boolean hasMapbox(int i) {
        return i % WITHOUT_MAPBOX != 1;
    }

    /** Events in tenant {@code i}'s history. */
    int historySize(int i) {
        return hasMapbox(i) ? 8 : 6;
    }

    /** Every tenant's history, tenant after tenant. */
    long historySize() {
        long events = 0;
        for (int i = 0; i < count; i++) {
            events += historySize(i);
        }
        return events;
    }

    /**
     * Tenant {@code i}'s history as its siblings publish it, its facts from {@code at} on: on token-service's topic the
     * Google connection, its refresh, the Mailchimp key, the Mapbox key and its check; on calendar-service's the calendar's
     * first sync; on mailchimp-service's the audience linked, then imported.
     */
    List<ProducerRecord<String, byte[]>> history(int i, Instant at) {
        SiblingEvents events = new SiblingEvents(tenant(i));
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(historySize(i));
        records.add(events.connection(google(i), "google", user(i), ConnectionChange.CREATED, ConnectionStatus.ACTIVE, at));
        records.add(events.refreshed(google(i), "google", user(i), Instant.now().plus(Duration.ofHours(2)), at.plusSeconds(1)));
        records.add(events.synced(google(i), link(i), user(i), 120 + i % 50, 30 + i % 20, at.plusSeconds(2)));
        records.add(events.connection(mailchimp(i), "mailchimp", null, ConnectionChange.CREATED, ConnectionStatus.ACTIVE, at));
        records.add(events.audience(mailchimp(i), audience(i), AudienceChange.LINKED, AudienceLinkState.LINKING, null,
                MemberCounts.NONE, null, DeliveryCounts.NONE, at.plusSeconds(3)));
        records.add(events.audience(mailchimp(i), audience(i), AudienceChange.IMPORTED, AudienceLinkState.ACTIVE, null,
                members(i), at.plusSeconds(4), new DeliveryCounts(3, 0, 0, 0), at.plusSeconds(5)));
        if (hasMapbox(i)) {
            records.add(events.connection(mapbox(i), "mapbox", null, ConnectionChange.CREATED, ConnectionStatus.ACTIVE, at));
            records.add(events.checked(mapbox(i), "mapbox", ConnectionCheckOutcome.VALID, null, at.plusSeconds(6)));
        }
        return records;
    }

    /** Tenant {@code i}'s Google token refreshed at {@code at}: the steady phase's marker. */
    ProducerRecord<String, byte[]> refreshed(int i, Instant at) {
        return new SiblingEvents(tenant(i)).refreshed(google(i), "google", user(i), at.plus(Duration.ofHours(1)), at);
    }

    /**
     * One of the facts that keep arriving once everything is set up, by {@code kind} (0–99): a token refresh (half),
     * a calendar sync (a quarter), a key check (15 %; a refresh where the tenant has no Mapbox key), an audience's activity.
     */
    ProducerRecord<String, byte[]> steady(int i, int kind, Instant at) {
        SiblingEvents events = new SiblingEvents(tenant(i));
        if (kind < 50 || kind < 85 && kind >= 75 && !hasMapbox(i)) {
            return refreshed(i, at);
        }
        if (kind < 75) {
            return events.synced(google(i), link(i), user(i), 120 + kind, 30 + kind % 20, at);
        }
        if (kind < 85) {
            return events.checked(mapbox(i), "mapbox", ConnectionCheckOutcome.VALID, null, at);
        }
        return events.audience(mailchimp(i), audience(i), AudienceChange.ACTIVITY, AudienceLinkState.ACTIVE, null, members(i),
                at, new DeliveryCounts(3 + kind, 0, 0, 0), at);
    }

    /**
     * Whether a status answer of tenant {@code i} (its user's view) shows its whole history: Google refreshed and synced,
     * the audience imported, the Mapbox key checked.
     */
    boolean showsHistory(int i, JsonObject status) {
        JsonObject google = card(status, "google-calendar");
        JsonObject mailchimp = card(status, "mailchimp");
        JsonObject mapbox = card(status, "mapbox");
        boolean googleDone = google != null && google.getString("lastSync") != null && google.getJsonObject("connection") != null
                && google.getJsonObject("connection").getString("lastRefreshAt") != null;
        boolean mailchimpDone = mailchimp != null && mailchimp.getJsonObject("usage") != null
                && Integer.valueOf(1).equals(mailchimp.getJsonObject("usage").getInteger("audiencesLinked"))
                && mailchimp.getJsonObject("usage").getString("lastWebhookAt") != null;
        boolean mapboxDone = !hasMapbox(i) || mapbox != null && mapbox.getString("lastSync") != null;
        return googleDone && mailchimpDone && mapboxDone;
    }

    /** When the Google token of an answer's Google card was last refreshed, or null. */
    static Instant lastRefresh(JsonObject card) {
        JsonObject connection = card == null ? null : card.getJsonObject("connection");
        String at = connection == null ? null : connection.getString("lastRefreshAt");
        return at == null ? null : Instant.parse(at);
    }

    /** The card of {@code integration} in a status answer, or null. */
    static JsonObject card(JsonObject status, String integration) {
        JsonArray cards = status.getJsonArray("integrations");
        for (int n = 0; cards != null && n < cards.size(); n++) {
            JsonObject card = cards.getJsonObject(n);
            if (integration.equals(card.getString("id"))) {
                return card;
            }
        }
        return null;
    }

    private static MemberCounts members(int i) {
        return new MemberCounts(800 + i % 400, 40, 5, 2, 0, 10);
    }

    private String google(int i) {
        return id(i, "google");
    }

    private String mailchimp(int i) {
        return id(i, "mailchimp");
    }

    private String mapbox(int i) {
        return id(i, "mapbox");
    }

    private String link(int i) {
        return id(i, "link");
    }

    private String audience(int i) {
        return String.format(Locale.ROOT, "a%09x", i);
    }

    private String id(int i, String what) {
        return UUID.nameUUIDFromBytes((tenant(i) + "/" + what).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
