package com.crm.integrations.sandbox.mailchimp.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.error.NotFoundException;
import com.crm.integrations.sandbox.mailchimp.Audience;
import com.crm.integrations.sandbox.mailchimp.Campaign;
import com.crm.integrations.sandbox.mailchimp.CampaignSettings;
import com.crm.integrations.sandbox.mailchimp.CampaignStatus;
import com.crm.integrations.sandbox.mailchimp.ChangeOutcome;
import com.crm.integrations.sandbox.mailchimp.Member;
import com.crm.integrations.sandbox.mailchimp.MemberChange;
import com.crm.integrations.sandbox.mailchimp.MemberStatus;
import com.crm.integrations.sandbox.mailchimp.Source;
import com.crm.integrations.sandbox.mailchimp.Webhook;
import com.crm.integrations.sandbox.mailchimp.WebhookEvent;
import com.crm.integrations.sandbox.provider.ProviderRefusal;
import com.crm.integrations.sandbox.provider.service.SandboxClock;

/**
 * Every change to an audience's members and every campaign event, whoever makes it: applied under the audience's lock
 * (by the sandbox clock), then each post it fires handed to {@link WebhookDeliveries} for every enabled webhook of the
 * audience whose {@code events} flag for the type and {@code sources} flag for the source are set (PROVIDERS.md §6.1,
 * §6.2). The one way members change: the control API, and the API's member writes (direct, batch subscribe, batches).
 */
@Singleton
public class MemberChanges {

    private static final Logger LOG = Logger.getLogger(MemberChanges.class);

    /** What a change left behind under the lock: the member's JSON, the posts fired, the webhooks at that moment. */
    private record Applied(Map<String, Object> member, List<WebhookEvent> events, List<Webhook> webhooks) {
    }

    private final MailchimpStore store;
    private final WebhookDeliveries deliveries;
    private final SandboxClock clock;
    private final SignupLimits signups;

    MemberChanges(MailchimpStore store, WebhookDeliveries deliveries, SandboxClock clock, SignupLimits signups) {
        this.store = store;
        this.deliveries = deliveries;
        this.clock = clock;
        this.signups = signups;
    }

    /**
     * Applies {@code change}, made by {@code source}, and posts what it fires.
     *
     * @throws NotFoundException when a control change needs a member the audience does not have
     * @throws InvalidRequestException when a control change does not fit the member's state, or names an unknown merge field or interest
     * @throws com.crm.integrations.sandbox.provider.ProviderRefusal when the API refuses an API write ({@code Upsert}, {@code Tags})
     */
    public ChangeOutcome apply(Audience audience, Source source, MemberChange change) {
        Applied applied = store.locked(audience, locked -> {
            Instant now = clock.now();
            MemberEdits.Result result = MemberEdits.apply(locked, source, change, now, signups);
            Map<String, Object> member = result.member() == null ? null : MarketingJson.member(locked, result.member());
            return new Applied(member, result.events(), List.copyOf(locked.webhooks()));
        });
        LOG.infof("Mailchimp member change: list=%s source=%s change=%s", audience.id(), source.wireName(),
                change.getClass().getSimpleName());
        return post(applied, source);
    }

    /** One write of {@link #upsertAll}: what it did ({@code created}: a new member), or the API's refusal of it ({@code outcome} {@code null}). */
    public record Written(ChangeOutcome outcome, boolean created, ProviderRefusal refusal) {
    }

    /**
     * The API's writes of many members of one audience (batch subscribe), in their order under one lock: a refused one
     * leaves its member as it was and the others go on. Then each write's posts go out, as for {@link #apply}.
     */
    public List<Written> upsertAll(Audience audience, List<MemberChange.Upsert> upserts) {
        record Done(Applied applied, boolean created, ProviderRefusal refusal) {
        }
        List<Done> done = store.locked(audience, locked -> {
            Instant now = clock.now();
            List<Webhook> webhooks = List.copyOf(locked.webhooks());
            List<Done> each = new ArrayList<>();
            for (MemberChange.Upsert upsert : upserts) {
                boolean created = locked.member(upsert.subscriberHash()).isEmpty();
                try {
                    MemberEdits.Result result = MemberEdits.apply(locked, Source.API, upsert, now, signups);
                    each.add(new Done(new Applied(MarketingJson.member(locked, result.member()), result.events(), webhooks), created, null));
                } catch (ProviderRefusal refused) {
                    each.add(new Done(null, false, refused));
                }
            }
            return each;
        });
        LOG.infof("Mailchimp members written in one call: list=%s source=api count=%d refused=%d", audience.id(), upserts.size(),
                done.stream().filter(one -> one.refusal() != null).count());
        return done.stream().map(one -> one.refusal() != null ? new Written(null, false, one.refusal())
                : new Written(post(one.applied(), Source.API), one.created(), null)).toList();
    }

    /**
     * The control API reports that a campaign of the audience was sent ({@code sent}) or its sending canceled
     * ({@code canceled}): the campaign of that id takes the status (one is made, with {@code subject}, when there is
     * none); fires {@code campaign}.
     */
    public ChangeOutcome campaign(Audience audience, Source source, String campaignId, String subject, CampaignStatus status) {
        ChangeOutcome outcome = campaignEvent(audience, source, (locked, now) -> {
            Campaign campaign = locked.campaign(campaignId == null ? "" : campaignId).orElseGet(() -> {
                Campaign made = new Campaign(campaignId == null ? MailchimpIds.tenHex() : campaignId, MailchimpIds.webId(), "regular", locked.id(),
                        null, CampaignSettings.subject(subject), now);
                locked.put(made);
                store.campaignAdded(made.id(), locked.id());
                return made;
            });
            campaign.setStatus(status, status == CampaignStatus.SENT ? now : campaign.sendTime());
            return campaign;
        });
        LOG.infof("Mailchimp campaign event: list=%s status=%s", audience.id(), status.wireName());
        return outcome;
    }

    /** The API's send of a campaign is over: it is {@code sent}; fires {@code campaign} as a change of source {@code api}. */
    public ChangeOutcome campaignSent(Audience audience, Campaign campaign) {
        ChangeOutcome outcome = campaignEvent(audience, Source.API, (locked, now) -> {
            campaign.setStatus(CampaignStatus.SENT, campaign.sendTime());
            return campaign;
        });
        LOG.infof("Mailchimp campaign sent: list=%s campaign=%s", audience.id(), campaign.id());
        return outcome;
    }

    private ChangeOutcome campaignEvent(Audience audience, Source source, BiFunction<Audience, Instant, Campaign> change) {
        Applied applied = store.locked(audience, locked -> {
            Instant now = clock.now();
            Campaign campaign = change.apply(locked, now);
            return new Applied(null, List.of(WebhookPayloads.campaign(campaign, now)), List.copyOf(locked.webhooks()));
        });
        return post(applied, source);
    }

    private ChangeOutcome post(Applied applied, Source source) {
        List<Map<String, Long>> queued = new ArrayList<>();
        applied.events().forEach(event -> queued.add(new LinkedHashMap<>()));
        for (Webhook webhook : applied.webhooks()) {
            List<WebhookEvent> wanted = new ArrayList<>();
            List<Integer> positions = new ArrayList<>();
            for (int i = 0; i < applied.events().size(); i++) {
                if (webhook.wants(applied.events().get(i).type(), source)) {
                    wanted.add(applied.events().get(i));
                    positions.add(i);
                }
            }
            List<Long> ids = wanted.isEmpty() ? List.of() : deliveries.enqueue(webhook, wanted);
            for (int i = 0; i < ids.size(); i++) {
                queued.get(positions.get(i)).put(webhook.id(), ids.get(i));
            }
        }
        List<ChangeOutcome.Post> posts = new ArrayList<>();
        for (int i = 0; i < applied.events().size(); i++) {
            posts.add(new ChangeOutcome.Post(applied.events().get(i), queued.get(i)));
        }
        return new ChangeOutcome(applied.member(), posts);
    }
}
