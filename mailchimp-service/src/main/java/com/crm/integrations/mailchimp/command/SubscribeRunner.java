package com.crm.integrations.mailchimp.command;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.events.payload.MailchimpCommandCompletedV1;
import com.crm.integrations.common.events.payload.MailchimpCommandKind;
import com.crm.integrations.common.events.payload.MailchimpSubscribeCommandV1;
import com.crm.integrations.common.events.payload.MemberError;
import com.crm.integrations.common.events.payload.MemberInput;
import com.crm.integrations.common.events.payload.SubscribeCounts;
import com.crm.integrations.common.events.payload.SubscriberSource;
import com.crm.integrations.common.outbox.Outbox;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.common.settings.TenantSettingsStore;
import com.crm.integrations.common.settings.Versioned;
import com.crm.integrations.mailchimp.AudienceLink;
import com.crm.integrations.mailchimp.MailchimpSettings;
import com.crm.integrations.mailchimp.client.MailchimpApi;
import com.crm.integrations.mailchimp.client.Refusal;
import com.crm.integrations.mailchimp.config.MailchimpConfig;
import com.crm.integrations.mailchimp.repository.CommandRows;
import com.crm.integrations.mailchimp.webhook.SubscriberHash;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * A subscribe command: many members upserted, each refused member reported without failing the others. Members that
 * cannot be sent at all (no plausible address, a field the tenant's mapping lacks, the same address twice) are refused
 * first. Up to {@code batch-above} members go through Mailchimp's batch subscribe in chunks of {@code chunk-size} (≤ 500),
 * as many chunks at once as the account's connections allow; more go through the asynchronous batch operations (one
 * member PUT each), polled until finished and read from their {@code .tar.gz} result. Each chunk's outcome is stored with
 * the members it wrote, their projection and their {@code subscriber.changed.v2} in one transaction, once: a retried
 * command writes only the chunks it has not. Each member gets the status it asks for, or the tenant's default (pending
 * with double opt-in), new or existing, so Mailchimp's compliance rules apply to every one of them.
 */
@ApplicationScoped
public class SubscribeRunner {

    /** The chunk number of the members refused before any call. */
    private static final int CHECKED = -1;

    private final Pool pool;
    private final CommandRows commands;
    private final MailchimpApi mailchimp;
    private final MemberProjection projection;
    private final TenantSettingsStore settings;
    private final BatchResults results;
    private final Outbox outbox;
    private final Commands json;
    private final MailchimpConfig config;
    private final Clock clock;

    public SubscribeRunner(Pool pool, CommandRows commands, MailchimpApi mailchimp, MemberProjection projection,
            TenantSettingsStore settings, BatchResults results, Outbox outbox, Commands json, MailchimpConfig config, Clock clock) {
        this.pool = pool;
        this.commands = commands;
        this.mailchimp = mailchimp;
        this.projection = projection;
        this.settings = settings;
        this.results = results;
        this.outbox = outbox;
        this.json = json;
        this.config = config;
        this.clock = clock;
    }

    /** The members to send (as Mailchimp's JSON, in command order) and those refused before any call. */
    private record Checked(List<JsonObject> sendable, List<MemberError> refused, Map<String, String> mapping) {
    }

    Uni<Outcome> run(MailchimpCommand stored, AudienceLink link, String owner) {
        MailchimpSubscribeCommandV1 command = json.fromJson(stored.payload(), MailchimpSubscribeCommandV1.class);
        return settings.find(new TenantId(stored.tenantId()), MailchimpSettings.class, MailchimpSettings.DEFAULTS).map(Versioned::value)
                .chain(tenant -> {
                    Checked checked = check(command, tenant);
                    return commands.chunks(pool, stored.id()).chain(written -> {
                        Set<Integer> done = written.stream().map(CommandRows.Chunk::chunk).collect(Collectors.toSet());
                        Uni<Void> refused = done.contains(CHECKED) ? Uni.createFrom().voidItem()
                                : writeChunk(stored, owner, CHECKED, List.of(), 0, checked.refused(), checked.mapping());
                        Uni<Outcome> rest = checked.sendable().size() > config.commands().batchAbove()
                                ? viaBatch(stored, link, owner, checked, done)
                                : viaChunks(stored, link, owner, checked, done);
                        return refused.chain(() -> rest);
                    });
                });
    }

    private Uni<Outcome> viaChunks(MailchimpCommand stored, AudienceLink link, String owner, Checked checked, Set<Integer> done) {
        int size = config.commands().chunkSize();
        List<Integer> todo = new ArrayList<>();
        for (int chunk = 0; chunk * size < checked.sendable().size(); chunk++) {
            if (!done.contains(chunk)) {
                todo.add(chunk);
            }
        }
        return Multi.createFrom().iterable(todo)
                .onItem().transformToUni(chunk -> {
                    List<JsonObject> members = checked.sendable().subList(chunk * size, Math.min(checked.sendable().size(), (chunk + 1) * size));
                    return mailchimp.batchSubscribe(link.connectionId(), link.audienceId(), new JsonArray(new ArrayList<>(members)))
                            .chain(answer -> written(stored, owner, chunk, members, answer, checked.mapping()));
                }).merge(config.api().connectionsPerAccount())
                .collect().last()
                .chain(() -> completed(stored));
    }

    /** One chunk's answer: new and updated members projected, errors kept. */
    private Uni<Void> written(MailchimpCommand stored, String owner, int chunk, List<JsonObject> sent, JsonObject answer,
            Map<String, String> mapping) {
        List<JsonObject> created = objects(answer.getJsonArray("new_members"));
        List<JsonObject> updated = objects(answer.getJsonArray("updated_members"));
        List<MemberError> errors = new ArrayList<>();
        JsonArray refused = answer.getJsonArray("errors", new JsonArray());
        for (int i = 0; i < refused.size(); i++) {
            JsonObject error = refused.getJsonObject(i);
            String field = blankToNull(error.getString("field"));
            String code = Refusal.code(400, error.getString("error_code"), error.getString("error"),
                    field == null ? List.of() : List.of(field));
            errors.add(memberError(error.getString("email_address", "?"), code, field));
        }
        // Mailchimp answers every member it was sent: one it names nowhere is counted as refused, never lost.
        Set<String> answered = new HashSet<>();
        created.forEach(member -> answered.add(SubscriberHash.of(member.getString("email_address", ""))));
        updated.forEach(member -> answered.add(SubscriberHash.of(member.getString("email_address", ""))));
        errors.forEach(error -> answered.add(SubscriberHash.of(error.email())));
        for (JsonObject member : sent) {
            if (!answered.contains(SubscriberHash.of(member.getString("email_address")))) {
                errors.add(memberError(member.getString("email_address"), Refusal.REFUSED, null));
            }
        }
        List<JsonObject> members = new ArrayList<>(created);
        members.addAll(updated);
        return writeChunk(stored, owner, chunk, members, created.size(), errors, mapping);
    }

    private Uni<Outcome> viaBatch(MailchimpCommand stored, AudienceLink link, String owner, Checked checked, Set<Integer> done) {
        String batchId = stored.progress().getString("batchId");
        if (batchId == null) {
            JsonArray operations = new JsonArray();
            for (JsonObject member : checked.sendable()) {
                String hash = SubscriberHash.of(member.getString("email_address"));
                JsonObject body = member.copy().put("status_if_new", member.getString("status"));
                operations.add(new JsonObject().put("method", "PUT")
                        .put("path", "/lists/" + link.audienceId() + "/members/" + hash)
                        .put("operation_id", hash).put("body", body.encode()));
            }
            return mailchimp.startBatch(link.connectionId(), operations).chain(batch -> pool.withTransaction(tx -> commands
                    .progress(tx, stored.id(), owner, new JsonObject().put("batchId", batch.getString("id"))
                            .put("batchStartedAt", clock.instant().toString()), clock.instant())))
                    .replaceWith(Outcome.Retry.poll(config.commands().batchPollInterval(), "Mailchimp runs the batch."));
        }
        return mailchimp.batch(link.connectionId(), batchId).chain(batch -> {
            if (!"finished".equals(batch.getString("status"))) {
                return Uni.createFrom().item(Outcome.Retry.poll(config.commands().batchPollInterval(),
                        "Mailchimp runs the batch (" + batch.getString("status") + ", " + batch.getInteger("finished_operations", 0)
                                + " of " + batch.getInteger("total_operations", 0) + " done)."));
            }
            return mailchimp.batchResults(batch.getString("response_body_url"))
                    .chain(archive -> batchWritten(stored, owner, checked, done, results.read(archive)))
                    .chain(() -> completed(stored));
        });
    }

    /** The batch's results, written as chunks of the command (each once). */
    private Uni<Void> batchWritten(MailchimpCommand stored, String owner, Checked checked, Set<Integer> done,
            Map<String, BatchResults.Result> byOperation) {
        int size = config.commands().chunkSize();
        Uni<Void> all = Uni.createFrom().voidItem();
        for (int start = 0, chunk = 0; start < checked.sendable().size(); start += size, chunk++) {
            if (done.contains(chunk)) {
                continue;
            }
            List<JsonObject> part = checked.sendable().subList(start, Math.min(checked.sendable().size(), start + size));
            int number = chunk;
            all = all.chain(() -> chunkOfBatch(stored, owner, number, part, byOperation, checked.mapping()));
        }
        return all;
    }

    private Uni<Void> chunkOfBatch(MailchimpCommand stored, String owner, int chunk, List<JsonObject> part,
            Map<String, BatchResults.Result> byOperation, Map<String, String> mapping) {
        List<JsonObject> members = new ArrayList<>();
        List<MemberError> errors = new ArrayList<>();
        for (JsonObject sent : part) {
            String email = sent.getString("email_address");
            BatchResults.Result result = byOperation.get(SubscriberHash.of(email));
            if (result == null) {
                errors.add(memberError(email, Refusal.REFUSED, null));
            } else if (result.statusCode() >= 200 && result.statusCode() < 300) {
                members.add(result.response());
            } else {
                Refusal refusal = result.refusal();
                errors.add(memberError(email, refusal.code(), refusal.fields().isEmpty() ? null : refusal.fields().get(0)));
            }
        }
        // Mailchimp's PUT does not say whether it created the member: the projection does (read in the chunk's transaction).
        return writeChunk(stored, owner, chunk, members, -1, errors, mapping);
    }

    /**
     * Stores one chunk's outcome with its members' projection and events, once ({@code created} &lt; 0: count as created
     * the members the projection lacked).
     */
    private Uni<Void> writeChunk(MailchimpCommand stored, String owner, int chunk, List<JsonObject> members, int created,
            List<MemberError> errors, Map<String, String> mapping) {
        Instant now = clock.instant();
        JsonArray errorRows = new JsonArray();
        errors.forEach(error -> errorRows.add(json.toJson(error)));
        return pool.withTransaction(tx -> commands.held(tx, stored.id(), owner).chain(held -> {
            if (held.isEmpty()) {
                return Uni.createFrom().failure(new IllegalStateException("the command's lease was lost"));
            }
            Set<String> hashes = members.stream().map(member -> SubscriberHash.of(member.getString("email_address")))
                    .collect(Collectors.toSet());
            Uni<Integer> newOnes = created >= 0 ? Uni.createFrom().item(created)
                    : projection.absent(tx, stored.linkId(), hashes).map(Set::size);
            return commands.renew(tx, stored.id(), owner, now.plus(config.commands().lease())).chain(() -> newOnes)
                    .chain(count -> commands.chunk(tx, stored.id(), chunk, count, members.size() - count, errorRows, now))
                    .chain(stored1 -> stored1 ? projection.apply(tx, stored.linkId(), members, SubscriberSource.COMMAND, mapping, now)
                            .chain(events -> events.isEmpty() ? Uni.createFrom().voidItem()
                                    : outboxAppend(tx, events))
                            : Uni.createFrom().voidItem());
        }));
    }

    private Uni<Void> outboxAppend(SqlConnection tx, List<Outbox.Event> events) {
        return outbox.appendAll(tx, events).replaceWithVoid();
    }

    private Uni<Outcome> completed(MailchimpCommand stored) {
        return commands.chunks(pool, stored.id()).map(chunks -> {
            int created = 0;
            int updated = 0;
            List<MemberError> errors = new ArrayList<>();
            for (CommandRows.Chunk chunk : chunks) {
                created += chunk.created();
                updated += chunk.updated();
                for (int i = 0; i < chunk.errors().size(); i++) {
                    errors.add(json.fromJson(chunk.errors().getJsonObject(i), MemberError.class));
                }
            }
            int requested = stored.payload().getJsonArray("members").size();
            // A member Mailchimp both refused and counted cannot happen; counts are made to add up to what was asked.
            int failed = requested - created - updated;
            List<MemberError> listed = errors.size() > MailchimpCommandCompletedV1.MAX_ERRORS
                    ? errors.subList(0, MailchimpCommandCompletedV1.MAX_ERRORS) : errors;
            return new Outcome.Done(new MailchimpCommandCompletedV1(stored.commandId(), MailchimpCommandKind.SUBSCRIBE, stored.action(),
                    stored.audienceId(), null, null, null, null, new SubscribeCounts(requested, created, updated, failed), listed,
                    errors.size() - listed.size(), clock.instant()), List.of(), List.of());
        });
    }

    private Checked check(MailchimpSubscribeCommandV1 command, MailchimpSettings tenant) {
        Map<String, String> mapping = tenant.fieldMappingOrDefault();
        String defaultStatus = Boolean.TRUE.equals(tenant.doubleOptIn()) ? "pending" : "subscribed";
        Map<String, JsonObject> sendable = new LinkedHashMap<>();
        List<MemberError> refused = new ArrayList<>();
        for (MemberInput member : command.members()) {
            List<String> problems = CommandChecks.member(member, mapping);
            if (!problems.isEmpty()) {
                boolean email = problems.stream().anyMatch(problem -> problem.startsWith("email"));
                refused.add(new MemberError(member.email(), email ? Refusal.INVALID_EMAIL : Refusal.INVALID_MEMBER, null,
                        sentenceOf(String.join("; ", problems))));
                continue;
            }
            String hash = SubscriberHash.of(member.email());
            if (sendable.containsKey(hash)) {
                refused.add(new MemberError(member.email(), "duplicate", null,
                        "The address came more than once in the command: only its first entry was sent."));
                continue;
            }
            JsonObject body = new JsonObject().put("email_address", member.email().trim())
                    .put("status", member.status() != null ? member.status().wireName() : defaultStatus);
            JsonObject merges = CommandChecks.mergeFields(member.mergeFields(), member.crmFields(), mapping);
            if (!merges.isEmpty()) {
                body.put("merge_fields", merges);
            }
            if (!member.interests().isEmpty()) {
                body.put("interests", new JsonObject(new java.util.HashMap<>(member.interests())));
            }
            if (member.language() != null) {
                body.put("language", member.language());
            }
            if (member.vip() != null) {
                body.put("vip", member.vip());
            }
            sendable.put(hash, body);
        }
        return new Checked(new ArrayList<>(sendable.values()), refused, mapping);
    }

    private static MemberError memberError(String email, String code, String field) {
        return new MemberError(email == null || email.isBlank() ? "?" : email, code, field, Refusal.sentence(code));
    }

    private static String sentenceOf(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= MemberError.REASON_MAX_LENGTH ? line : line.substring(0, MemberError.REASON_MAX_LENGTH - 1) + "…";
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static List<JsonObject> objects(JsonArray array) {
        List<JsonObject> objects = new ArrayList<>();
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                objects.add(array.getJsonObject(i));
            }
        }
        return objects;
    }
}
