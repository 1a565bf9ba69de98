package com.crm.integrations.mailchimp.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.events.payload.InterestGrouping;
import com.crm.integrations.common.events.payload.SubscriberStatus;
import com.crm.integrations.common.events.payload.WireNamed;
import com.crm.integrations.common.sql.SqlValues;
import com.crm.integrations.mailchimp.inbox.DeliveryApplier;
import com.crm.integrations.mailchimp.inbox.Member;
import com.crm.integrations.mailchimp.inbox.PendingDelivery;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** The inbox processor's statements: which audiences have due deliveries, and one audience's batch read and written. */
@ApplicationScoped
public class InboxRows {

    /** The audience a batch is processed for, locked for the batch's transaction. */
    public record LockedLink(UUID id, String tenantId, String audienceId) {
    }

    private static final String DUE_LINKS = "SELECT link_id FROM webhook_delivery WHERE status = 'pending' AND due_at <= $1"
            + " GROUP BY link_id ORDER BY min(id) LIMIT $2";
    /** The link row's lock is the audience's lease: one batch at a time per audience, across replicas, in receipt order. */
    private static final String LOCK = "SELECT id, tenant_id, audience_id FROM audience_link WHERE id = $1 FOR UPDATE SKIP LOCKED";
    private static final String EXISTS = "SELECT 1 FROM audience_link WHERE id = $1";
    private static final String ORPHAN = "UPDATE webhook_delivery SET status = 'orphaned', due_at = NULL, processed_at = $2,"
            + " reason = 'its audience was unlinked before it was applied' WHERE link_id = $1 AND status = 'pending'";
    private static final String DUE = "SELECT id, type, fired_at, received_at, fields, subscriber_hash, attempts FROM webhook_delivery"
            + " WHERE link_id = $1 AND status = 'pending' AND due_at <= $2 ORDER BY id LIMIT $3";
    private static final String MEMBERS = "SELECT * FROM audience_member WHERE link_id = $1 AND subscriber_hash = ANY($2)";
    private static final String DELETE_MEMBERS = "DELETE FROM audience_member WHERE link_id = $1 AND subscriber_hash = ANY($2)";
    private static final String UPSERT_MEMBERS = """
            INSERT INTO audience_member (link_id, subscriber_hash, email, status, member_id, email_type, merge_fields, interests,
                                         reason, campaign_id, status_at, status_delivery, profile_at, profile_delivery, updated_at)
            SELECT $1, m.subscriber_hash, m.email, m.status, m.member_id, m.email_type, m.merge_fields::jsonb, m.interests::jsonb,
                   m.reason, m.campaign_id, m.status_at, m.status_delivery, m.profile_at, m.profile_delivery, $15
            FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                        $11::timestamptz[], $12::bigint[], $13::timestamptz[], $14::bigint[])
              AS m(subscriber_hash, email, status, member_id, email_type, merge_fields, interests, reason, campaign_id,
                   status_at, status_delivery, profile_at, profile_delivery)
            ON CONFLICT (link_id, subscriber_hash) DO UPDATE SET email = excluded.email, status = excluded.status,
              member_id = excluded.member_id, email_type = excluded.email_type, merge_fields = excluded.merge_fields,
              interests = excluded.interests, reason = excluded.reason, campaign_id = excluded.campaign_id,
              status_at = excluded.status_at, status_delivery = excluded.status_delivery, profile_at = excluded.profile_at,
              profile_delivery = excluded.profile_delivery, updated_at = excluded.updated_at
            """;
    private static final String SETTLE = """
            UPDATE webhook_delivery d SET status = o.status, reason = o.reason, due_at = o.due_at, attempts = o.attempts,
                   processed_at = CASE WHEN o.status = 'pending' THEN NULL ELSE $2::timestamptz END
            FROM unnest($1::bigint[], $3::text[], $4::text[], $5::timestamptz[], $6::int[]) AS o(id, status, reason, due_at, attempts)
            WHERE d.id = o.id
            """;
    /** Deliveries that waited for a member now present go on at once. */
    private static final String RELEASE = "UPDATE webhook_delivery SET due_at = $3 WHERE link_id = $1 AND status = 'pending'"
            + " AND subscriber_hash = ANY($2) AND due_at > $3";
    private static final String ACTIVITY = "UPDATE audience_link SET activity_at = $2 WHERE id = $1";

    private final Pool pool;

    public InboxRows(Pool pool) {
        this.pool = pool;
    }

    /** Audiences with deliveries due, oldest first. */
    public Uni<List<UUID>> dueLinks(Instant now, int limit) {
        return pool.preparedQuery(DUE_LINKS).execute(Tuple.of(SqlValues.timestamp(now), limit))
                .map(rows -> {
                    List<UUID> links = new ArrayList<>();
                    rows.forEach(row -> links.add(row.getUUID("link_id")));
                    return links;
                });
    }

    /** Locks the audience for this transaction; empty when another replica holds it or it was unlinked. */
    public Uni<Optional<LockedLink>> lock(SqlConnection tx, UUID linkId) {
        return tx.preparedQuery(LOCK).execute(Tuple.of(linkId)).map(rows -> SqlValues.first(rows,
                row -> new LockedLink(row.getUUID("id"), row.getString("tenant_id"), row.getString("audience_id"))));
    }

    /** Marks the pending deliveries of an unlinked audience orphaned; false when the audience is still linked. */
    public Uni<Boolean> orphanIfUnlinked(UUID linkId, Instant now) {
        return pool.preparedQuery(EXISTS).execute(Tuple.of(linkId)).chain(rows -> rows.size() > 0
                ? Uni.createFrom().item(false)
                : pool.preparedQuery(ORPHAN).execute(Tuple.of(linkId, SqlValues.timestamp(now))).replaceWith(true));
    }

    public Uni<List<PendingDelivery>> due(SqlConnection tx, UUID linkId, Instant now, int limit) {
        return tx.preparedQuery(DUE).execute(Tuple.of(linkId, SqlValues.timestamp(now), limit)).map(rows -> {
            List<PendingDelivery> due = new ArrayList<>();
            for (Row row : rows) {
                due.add(new PendingDelivery(row.getLong("id"), row.getString("type"), SqlValues.requiredInstant(row, "fired_at"),
                        SqlValues.requiredInstant(row, "received_at"), JsonValues.map(row.getJsonObject("fields")),
                        row.getString("subscriber_hash"), row.getInteger("attempts")));
            }
            return due;
        });
    }

    public Uni<Map<String, Member>> members(SqlConnection tx, UUID linkId, Set<String> hashes) {
        if (hashes.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return tx.preparedQuery(MEMBERS).execute(Tuple.of(linkId, hashes.toArray(String[]::new))).map(InboxRows::membersOf);
    }

    /** Writes a batch's effect: members deleted then upserted, each delivery's outcome, waiting deliveries released. */
    public Uni<Void> write(SqlConnection tx, UUID linkId, DeliveryApplier.Result result, Instant now) {
        Uni<Void> done = Uni.createFrom().voidItem();
        if (!result.deletions().isEmpty()) {
            done = done.chain(() -> tx.preparedQuery(DELETE_MEMBERS)
                    .execute(Tuple.of(linkId, result.deletions().toArray(String[]::new))).replaceWithVoid());
        }
        if (!result.upserts().isEmpty()) {
            done = done.chain(() -> upsert(tx, linkId, result.upserts(), now))
                    .chain(() -> tx.preparedQuery(RELEASE).execute(Tuple.of(linkId,
                            result.upserts().stream().map(Member::subscriberHash).toArray(String[]::new), SqlValues.timestamp(now)))
                            .replaceWithVoid());
        }
        return done.chain(() -> settle(tx, result.outcomes(), now))
                .chain(() -> tx.preparedQuery(ACTIVITY).execute(Tuple.of(linkId, SqlValues.timestamp(now))).replaceWithVoid());
    }

    /** Marks the audience's members as changed now (its next audience.changed activity event). */
    public Uni<Void> touched(SqlConnection tx, UUID linkId, Instant now) {
        return tx.preparedQuery(ACTIVITY).execute(Tuple.of(linkId, SqlValues.timestamp(now))).replaceWithVoid();
    }

    /** Upserts members (also the import's path). */
    public Uni<Void> upsert(SqlConnection tx, UUID linkId, Collection<Member> members, Instant now) {
        int size = members.size();
        String[] hashes = new String[size];
        String[] emails = new String[size];
        String[] statuses = new String[size];
        String[] memberIds = new String[size];
        String[] emailTypes = new String[size];
        String[] merges = new String[size];
        String[] interests = new String[size];
        String[] reasons = new String[size];
        String[] campaigns = new String[size];
        OffsetDateTime[] statusAt = new OffsetDateTime[size];
        Long[] statusDelivery = new Long[size];
        OffsetDateTime[] profileAt = new OffsetDateTime[size];
        Long[] profileDelivery = new Long[size];
        int i = 0;
        for (Member member : members) {
            hashes[i] = member.subscriberHash();
            emails[i] = member.email();
            statuses[i] = member.status().wireName();
            memberIds[i] = member.memberId();
            emailTypes[i] = member.emailType();
            merges[i] = new JsonObject(member.mergeFields()).encode();
            interests[i] = interestsJson(member.interests()).encode();
            reasons[i] = member.reason();
            campaigns[i] = member.campaignId();
            statusAt[i] = SqlValues.timestamp(member.statusClock().at());
            statusDelivery[i] = member.statusClock().delivery();
            profileAt[i] = SqlValues.timestamp(member.profileClock().at());
            profileDelivery[i] = member.profileClock().delivery();
            i++;
        }
        Tuple parameters = Tuple.tuple().addValue(linkId).addValue(hashes).addValue(emails).addValue(statuses)
                .addValue(memberIds).addValue(emailTypes).addValue(merges).addValue(interests).addValue(reasons).addValue(campaigns)
                .addValue(statusAt).addValue(statusDelivery).addValue(profileAt).addValue(profileDelivery)
                .addValue(SqlValues.timestamp(now));
        return tx.preparedQuery(UPSERT_MEMBERS).execute(parameters).replaceWithVoid();
    }

    private Uni<Void> settle(SqlConnection tx, List<DeliveryApplier.Outcome> outcomes, Instant now) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int size = outcomes.size();
        Long[] ids = new Long[size];
        String[] statuses = new String[size];
        String[] reasons = new String[size];
        OffsetDateTime[] dueAt = new OffsetDateTime[size];
        Integer[] attempts = new Integer[size];
        for (int i = 0; i < size; i++) {
            DeliveryApplier.Outcome outcome = outcomes.get(i);
            ids[i] = outcome.deliveryId();
            statuses[i] = outcome.status().wireName();
            reasons[i] = outcome.reason();
            dueAt[i] = SqlValues.timestamp(outcome.dueAt());
            attempts[i] = outcome.attempts();
        }
        return tx.preparedQuery(SETTLE).execute(Tuple.tuple().addValue(ids).addValue(SqlValues.timestamp(now)).addValue(statuses)
                .addValue(reasons).addValue(dueAt).addValue(attempts)).replaceWithVoid();
    }

    private static Map<String, Member> membersOf(RowSet<Row> rows) {
        Map<String, Member> members = new HashMap<>();
        for (Row row : rows) {
            Member member = memberOf(row);
            members.put(member.subscriberHash(), member);
        }
        return members;
    }

    static Member memberOf(Row row) {
        return new Member(row.getString("subscriber_hash"), row.getString("email"),
                WireNamed.fromWireName(SubscriberStatus.class, row.getString("status")), row.getString("member_id"),
                row.getString("email_type"), JsonValues.map(row.getJsonObject("merge_fields")),
                interestsOf(row.getJsonArray("interests")), row.getString("reason"), row.getString("campaign_id"),
                new Member.Clock(SqlValues.requiredInstant(row, "status_at"), row.getLong("status_delivery")),
                new Member.Clock(SqlValues.requiredInstant(row, "profile_at"), row.getLong("profile_delivery")));
    }

    private static JsonArray interestsJson(List<InterestGrouping> interests) {
        JsonArray array = new JsonArray();
        for (InterestGrouping grouping : interests) {
            array.add(new JsonObject().put("id", grouping.id()).put("name", grouping.name()).put("groups", new JsonArray(grouping.groups())));
        }
        return array;
    }

    private static List<InterestGrouping> interestsOf(JsonArray array) {
        List<InterestGrouping> interests = new ArrayList<>();
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                JsonObject grouping = array.getJsonObject(i);
                List<String> groups = new ArrayList<>();
                grouping.getJsonArray("groups", new JsonArray()).forEach(group -> groups.add(String.valueOf(group)));
                interests.add(new InterestGrouping(grouping.getString("id"), grouping.getString("name"), groups));
            }
        }
        return interests;
    }
}
