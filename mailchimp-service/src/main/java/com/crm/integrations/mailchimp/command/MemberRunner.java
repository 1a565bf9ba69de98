package com.crm.integrations.mailchimp.command;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.events.payload.MailchimpCommandCompletedV1;
import com.crm.integrations.common.events.payload.MailchimpCommandKind;
import com.crm.integrations.common.events.payload.MailchimpMemberCommandV1;
import com.crm.integrations.common.events.payload.MemberCommandAction;
import com.crm.integrations.common.events.payload.MemberTag;
import com.crm.integrations.common.events.payload.SubscriberStatus;
import com.crm.integrations.common.events.payload.WireNamed;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.common.settings.TenantSettingsStore;
import com.crm.integrations.common.settings.Versioned;
import com.crm.integrations.mailchimp.AudienceLink;
import com.crm.integrations.mailchimp.MailchimpSettings;
import com.crm.integrations.mailchimp.client.MailchimpApi;
import com.crm.integrations.mailchimp.client.Refusal;
import com.crm.integrations.mailchimp.webhook.SubscriberHash;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One member's command. An upsert is Mailchimp's PUT with {@code status_if_new} (pending when the tenant asks for double
 * opt-in, else subscribed) and the command's {@code status} only when it gives one, so an unsubscribed address is never
 * silently subscribed again; Mailchimp refusing it (compliance state, too many sign-ups, invalid fields) fails the
 * command with that code. An unsubscribe is the same PUT with status unsubscribed: an address not in the audience is
 * added unsubscribed, so it is never mailed. Tags carry the tenant's prefix. Every step is idempotent, so a retried
 * command writes the same again.
 */
@ApplicationScoped
public class MemberRunner {

    private final MailchimpApi mailchimp;
    private final TenantSettingsStore settings;
    private final Commands json;
    private final Clock clock;

    public MemberRunner(MailchimpApi mailchimp, TenantSettingsStore settings, Commands json, Clock clock) {
        this.mailchimp = mailchimp;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    Uni<Outcome> run(MailchimpCommand stored, AudienceLink link) {
        MailchimpMemberCommandV1 command = json.fromJson(stored.payload(), MailchimpMemberCommandV1.class);
        String hash = SubscriberHash.of(command.email());
        return settings.find(new TenantId(stored.tenantId()), MailchimpSettings.class, MailchimpSettings.DEFAULTS).map(Versioned::value)
                .chain(tenant -> {
                    if (command.action() == MemberCommandAction.SET_TAGS) {
                        return tags(link, hash, command.tags(), tenant.tagPrefix())
                                .map(refused -> refused != null ? refused : done(stored, hash, null, null));
                    }
                    JsonObject body = command.action() == MemberCommandAction.UNSUBSCRIBE ? unsubscribe(command) : upsert(command, tenant);
                    return mailchimp.putMember(link.connectionId(), link.audienceId(), hash, body).chain(answer -> {
                        if (!answer.ok()) {
                            return Uni.createFrom().item(refused(answer.refusal()));
                        }
                        JsonObject member = answer.body();
                        SubscriberStatus status = statusOf(member);
                        if (command.tags().isEmpty()) {
                            return Uni.createFrom().item(done(stored, hash, status, member));
                        }
                        return tags(link, hash, command.tags(), tenant.tagPrefix())
                                .map(refused -> refused != null ? refused : done(stored, hash, status, member));
                    });
                });
    }

    private Uni<Outcome> tags(AudienceLink link, String hash, List<MemberTag> tags, String prefix) {
        JsonArray body = new JsonArray();
        tags.forEach(tag -> body.add(new JsonObject().put("name", prefix + tag.name()).put("status", tag.active() ? "active" : "inactive")));
        return mailchimp.setTags(link.connectionId(), link.audienceId(), hash, body)
                .map(answer -> answer.ok() ? null : refused(answer.refusal()));
    }

    private static JsonObject upsert(MailchimpMemberCommandV1 command, MailchimpSettings tenant) {
        JsonObject body = new JsonObject().put("email_address", command.email().trim())
                .put("status_if_new", Boolean.TRUE.equals(tenant.doubleOptIn()) ? "pending" : "subscribed");
        if (command.status() != null) {
            body.put("status", command.status().wireName());
        }
        JsonObject merges = CommandChecks.mergeFields(command.mergeFields(), command.crmFields(), tenant.fieldMappingOrDefault());
        if (!merges.isEmpty()) {
            body.put("merge_fields", merges);
        }
        if (!command.interests().isEmpty()) {
            body.put("interests", new JsonObject(new java.util.HashMap<>(command.interests())));
        }
        if (command.language() != null) {
            body.put("language", command.language());
        }
        if (command.vip() != null) {
            body.put("vip", command.vip());
        }
        return body;
    }

    private static JsonObject unsubscribe(MailchimpMemberCommandV1 command) {
        return new JsonObject().put("email_address", command.email().trim()).put("status", "unsubscribed")
                .put("status_if_new", "unsubscribed");
    }

    private Outcome done(MailchimpCommand stored, String hash, SubscriberStatus status, JsonObject member) {
        MailchimpCommandCompletedV1 answer = new MailchimpCommandCompletedV1(stored.commandId(), MailchimpCommandKind.MEMBER,
                stored.action(), stored.audienceId(), hash, status, null, null, null, List.of(), 0, clock.instant());
        return new Outcome.Done(answer, member == null ? List.of() : List.of(member), List.of());
    }

    static Outcome.Failed refused(Refusal refusal) {
        String code = refusal.code();
        return Outcome.Failed.permanent(Refusal.REFUSED.equals(code) ? CommandAnswers.PROVIDER_REFUSED : code,
                refusal.title() == null ? null : refusal.title().replace(" ", ""), Refusal.sentence(code));
    }

    private static SubscriberStatus statusOf(JsonObject member) {
        try {
            return WireNamed.fromWireName(SubscriberStatus.class, member.getString("status"));
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }
}
