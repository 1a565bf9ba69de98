package com.crm.integrations.calendar.writes;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.core.ConditionTimeoutException;
import org.apache.kafka.common.serialization.Serdes;
import org.eclipse.microprofile.config.ConfigProvider;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.Topics;
import com.crm.integrations.testing.contract.TestUser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The CRM's side of the commands: sends them on calendar.commands or over REST, and reads what became of them. Public
 * for the benchmark ({@code bench.CalendarWritesBench}), which sends the same records in bursts.
 */
public final class Commands {

    static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaCompanion kafka;

    private Commands() {
    }

    private static synchronized KafkaCompanion kafka() {
        if (kafka == null) {
            kafka = new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        }
        return kafka;
    }

    /** Publishes a command on calendar.commands as a CRM service would; answers its id ({@code ce_id}). */
    static String send(TestUser user, Map<String, Object> command) {
        return send(user, UUID.randomUUID().toString(), command);
    }

    /** Publishes a batch command ({@code calendar.batch-command.v1}) under the given id. */
    static void sendBatch(TestUser user, String commandId, Map<String, Object> command) {
        kafka().produce(Serdes.String(), Serdes.ByteArray()).fromRecords(record(user, commandId, EventType.CALENDAR_BATCH_COMMAND, command))
                .awaitCompletion(WAIT);
    }

    /** Publishes a command under the given id (sending one id twice is a redelivery). */
    static String send(TestUser user, String commandId, Map<String, Object> command) {
        kafka().produce(Serdes.String(), Serdes.ByteArray()).fromRecords(record(user, commandId, command)).awaitCompletion(WAIT);
        return commandId;
    }

    /** The record a CRM service publishes on calendar.commands: {@code command} as a CloudEvent (binary mode) with id {@code commandId}. */
    public static ProducerRecord<String, byte[]> record(TestUser user, String commandId, Map<String, Object> command) {
        return record(user, commandId, EventType.CALENDAR_EVENT_COMMAND, command);
    }

    /** {@link #record} of another type of command ({@code calendar.batch-command.v1}). */
    public static ProducerRecord<String, byte[]> record(TestUser user, String commandId, EventType type, Map<String, Object> command) {
        byte[] value;
        try {
            value = JSON.writeValueAsBytes(command);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.CALENDAR_COMMANDS, user.tenant(), value);
        Map.of("ce_specversion", "1.0", "ce_id", commandId, "ce_type", type.type(),
                "ce_source", "/crm/activities", "ce_subject", user.tenant(), "ce_time", "2026-11-30T10:00:00Z",
                "content-type", "application/json")
                .forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    /** A create command for {@code user}'s calendar. */
    public static Map<String, Object> create(TestUser user, String crmEventId, Map<String, Object> event) {
        return command("create", user, crmEventId, event);
    }

    public static Map<String, Object> update(TestUser user, String crmEventId, Map<String, Object> changes) {
        return command("update", user, crmEventId, changes);
    }

    static Map<String, Object> delete(TestUser user, String crmEventId) {
        return command("delete", user, crmEventId, null);
    }

    static Map<String, Object> command(String action, TestUser user, String crmEventId, Map<String, Object> event) {
        Map<String, Object> command = new HashMap<>();
        command.put("action", action);
        command.put("crmEventId", crmEventId);
        command.put("userId", user.user());
        if (event != null) {
            command.put("event", event);
        }
        return command;
    }

    /** A timed event's fields. */
    public static Map<String, Object> timed(String title, String startsAt, String endsAt) {
        return Map.of("title", title, "startsAt", startsAt, "endsAt", endsAt);
    }

    /** {@code POST /calendar/events} as the user, with an Idempotency-Key. */
    static Response post(TestUser user, String key, Map<String, Object> body) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/calendar/events");
    }

    /** Waits until the command stored under {@code commandId} reaches {@code state}; answers its row. */
    static Row awaitState(Pool pool, TestUser user, String commandId, String state) {
        try {
            return await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> row(pool, user, commandId),
                    row -> row != null && state.equals(row.getString("state")));
        } catch (ConditionTimeoutException timeout) {
            throw new AssertionError("Command " + commandId + " did not reach " + state + ": " + describe(pool, user), timeout);
        }
    }

    /** The tenant's commands, for a failure message. */
    public static String describe(Pool pool, TestUser user) {
        StringBuilder text = new StringBuilder();
        pool.preparedQuery("SELECT command_id, action, crm_event_id, state, outcome, attempts, next_attempt_at, link_id,"
                + " failure_code, failure_reason FROM calendar_command WHERE tenant_id = $1 ORDER BY seq")
                .execute(Tuple.of(user.tenant())).await().atMost(WAIT)
                .forEach(row -> text.append("\n  ").append(row.toJson().encode()));
        return text.toString();
    }

    /** The stored command, or null. */
    static Row row(Pool pool, TestUser user, String commandId) {
        RowSet<Row> rows = pool.preparedQuery("SELECT * FROM calendar_command WHERE tenant_id = $1 AND command_id = $2")
                .execute(Tuple.of(user.tenant(), commandId)).await().atMost(WAIT);
        return rows.size() == 0 ? null : rows.iterator().next();
    }

    /** The activity's row in crm_event, or null. */
    static Row crmEvent(Pool pool, TestUser user, String crmEventId) {
        RowSet<Row> rows = pool.preparedQuery("SELECT * FROM crm_event WHERE tenant_id = $1 AND crm_event_id = $2")
                .execute(Tuple.of(user.tenant(), crmEventId)).await().atMost(WAIT);
        return rows.size() == 0 ? null : rows.iterator().next();
    }
}
