package com.crm.integrations.mailchimp.command;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.payload.SubscriberSource;
import com.crm.integrations.common.outbox.Outbox;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.mailchimp.inbox.ApiMembers;
import com.crm.integrations.mailchimp.inbox.Member;
import com.crm.integrations.mailchimp.repository.InboxRows;
import com.crm.integrations.mailchimp.repository.LinkRows;
import com.crm.integrations.mailchimp.webhook.SubscriberHash;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Members as Mailchimp answered our writes (or a reconciliation read them), applied to the projection in the caller's
 * transaction under the audience's row lock (the inbox processor's, waited for), with the webhooks' clock rule
 * ({@link ApiMembers}); what changed is returned as {@code subscriber.changed.v2} events for the caller to append.
 */
@ApplicationScoped
public class MemberProjection {

    private final InboxRows inbox;
    private final LinkRows links;

    public MemberProjection(InboxRows inbox, LinkRows links) {
        this.inbox = inbox;
        this.links = links;
    }

    /** Applies {@code read}; nothing when the audience was unlinked meanwhile. */
    public Uni<List<Outbox.Event>> apply(SqlConnection tx, UUID linkId, List<JsonObject> read, SubscriberSource source,
            Map<String, String> mapping, Instant now) {
        if (read.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // Waits for the audience's row (another command's settlement, the inbox processor's batch): never skips it, or
        // the members written would miss the projection.
        return links.byIdLocked(tx, linkId).chain(locked -> {
            if (locked.isEmpty()) {
                return Uni.createFrom().item(List.<Outbox.Event>of());
            }
            Map<String, JsonObject> byHash = new LinkedHashMap<>();
            for (JsonObject member : read) {
                String email = member.getString("email_address");
                if (email != null && !email.isBlank()) {
                    byHash.put(SubscriberHash.of(email), member);
                }
            }
            TenantId tenant = new TenantId(locked.get().tenantId());
            String audienceId = locked.get().audienceId();
            return inbox.members(tx, linkId, byHash.keySet()).chain(held -> {
                List<Member> changed = new ArrayList<>();
                List<Outbox.Event> events = new ArrayList<>();
                byHash.forEach((hash, member) -> ApiMembers.merge(audienceId, hash, member, held.get(hash), mapping, source)
                        .ifPresent(merged -> {
                            changed.add(merged.member());
                            events.add(new Outbox.Event(EventType.SUBSCRIBER_CHANGED_V2, tenant, merged.event()));
                        }));
                if (changed.isEmpty()) {
                    return Uni.createFrom().item(List.<Outbox.Event>of());
                }
                return inbox.upsert(tx, linkId, changed, now).chain(() -> inbox.touched(tx, linkId, now)).replaceWith(events);
            });
        });
    }

    /** Which of {@code emails} the projection lacks (their subscriber hashes), read in the caller's transaction. */
    public Uni<java.util.Set<String>> absent(SqlConnection tx, UUID linkId, java.util.Set<String> hashes) {
        return inbox.members(tx, linkId, hashes).map(held -> {
            java.util.Set<String> absent = new java.util.HashSet<>(hashes);
            absent.removeAll(held.keySet());
            return absent;
        });
    }
}
