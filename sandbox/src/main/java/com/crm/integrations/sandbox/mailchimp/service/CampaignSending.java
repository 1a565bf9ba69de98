package com.crm.integrations.sandbox.mailchimp.service;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.mailchimp.Audience;
import com.crm.integrations.sandbox.mailchimp.Campaign;
import com.crm.integrations.sandbox.mailchimp.CampaignStatus;
import com.crm.integrations.sandbox.mailchimp.MemberStatus;
import com.crm.integrations.sandbox.mailchimp.config.MailchimpCampaignsConfig;
import com.crm.integrations.sandbox.provider.service.SandboxClock;

import io.vertx.core.Vertx;

/**
 * Sending and scheduling campaigns through the API (PROVIDERS.md §5.3): the send checklist, {@code actions/send} (204;
 * {@code sending}, then {@code sent} after {@code sandbox.mailchimp.campaigns.send-duration}, when the audience's
 * webhooks hear of it as a change of source {@code api}), {@code actions/schedule} (a future quarter hour) and
 * {@code actions/unschedule}. A campaign that is not ready gets 400 "Your Campaign is not ready to send." with the
 * checklist's errors [obs]. A scheduled campaign stays {@code schedule}: the stand-in does not send it when the time comes.
 */
@Singleton
public class CampaignSending {

    private static final Logger LOG = Logger.getLogger(CampaignSending.class);

    private final Campaigns campaigns;
    private final MailchimpStore store;
    private final MemberChanges changes;
    private final VerifiedDomains domains;
    private final SandboxClock clock;
    private final Vertx vertx;
    private final Duration sendDuration;

    CampaignSending(Campaigns campaigns, MailchimpStore store, MemberChanges changes, VerifiedDomains domains, SandboxClock clock, Vertx vertx,
            MailchimpCampaignsConfig config) {
        this.campaigns = campaigns;
        this.store = store;
        this.changes = changes;
        this.domains = domains;
        this.clock = clock;
        this.vertx = vertx;
        this.sendDuration = config.sendDuration();
    }

    /** {@code {"is_ready","items":[{"type","id","heading","details"}],"_links"}}. */
    public Map<String, Object> checklist(String dc, String campaignId) {
        return campaigns.onCampaign(dc, campaignId, (audience, campaign) -> CampaignJson.checklist(checks(audience, campaign)));
    }

    /** Sends it now: {@code sending}, then {@code sent}. */
    public void send(String dc, String campaignId) {
        Campaigns.Located located = campaigns.locate(dc, campaignId);
        store.locked(located.audience(), audience -> {
            Campaign campaign = located.campaign();
            if (campaign.status() == CampaignStatus.SCHEDULE) {
                throw MailchimpErrors.badRequest("This campaign is scheduled: unschedule it before sending it now.", List.of());
            }
            sendable(audience, campaign, "This campaign has already been sent.");
            campaign.setStatus(CampaignStatus.SENDING, clock.now());
            campaign.sentTo((int) audience.count(MemberStatus.SUBSCRIBED));
            return null;
        });
        LOG.infof("Mailchimp campaign sending: campaign=%s list=%s", campaignId, located.audience().id());
        vertx.setTimer(Math.max(1, sendDuration.toMillis()), timer -> sent(located));
    }

    /** Schedules it for {@code schedule_time}: a quarter hour ({@code :00}, {@code :15}, {@code :30}, {@code :45}) in the future. */
    public void schedule(String dc, String campaignId, String body) {
        Instant at = CampaignInputs.scheduleTime(JsonBodies.object(body));
        campaigns.onCampaign(dc, campaignId, (audience, campaign) -> {
            ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
            if (utc.getMinute() % 15 != 0 || utc.getSecond() != 0 || utc.getNano() != 0) {
                throw cannotSchedule("campaigns may only be scheduled to send on the quarter-hour (:00, :15, :30, :45).");
            }
            if (!at.isAfter(clock.now())) {
                throw cannotSchedule("the schedule time must be in the future.");
            }
            sendable(audience, campaign, "This campaign cannot be scheduled: it has already been sent.");
            campaign.setStatus(CampaignStatus.SCHEDULE, at);
            return null;
        });
        LOG.infof("Mailchimp campaign scheduled: campaign=%s at=%s", campaignId, at);
    }

    /** A scheduled campaign back to a draft ({@code save}). */
    public void unschedule(String dc, String campaignId) {
        campaigns.onCampaign(dc, campaignId, (audience, campaign) -> {
            if (campaign.status() != CampaignStatus.SCHEDULE) {
                throw MailchimpErrors.badRequest("This campaign is not scheduled.", List.of());
            }
            campaign.setStatus(CampaignStatus.SAVE, null);
            return null;
        });
        LOG.infof("Mailchimp campaign unscheduled: campaign=%s", campaignId);
    }

    /** @throws com.crm.integrations.sandbox.provider.ProviderRefusal 400 when it was sent, or is not ready */
    private void sendable(Audience audience, Campaign campaign, String alreadySent) {
        if (campaign.status() != CampaignStatus.SAVE && campaign.status() != CampaignStatus.SCHEDULE) {
            throw MailchimpErrors.badRequest(alreadySent, List.of());
        }
        List<SendChecklist.Item> items = checks(audience, campaign);
        if (!SendChecklist.ready(items)) {
            throw MailchimpErrors.badRequest("Your Campaign is not ready to send.", items.stream().filter(SendChecklist.Item::blocks)
                    .map(item -> new MailchimpErrors.FieldError(item.heading(), item.details())).toList());
        }
    }

    private List<SendChecklist.Item> checks(Audience audience, Campaign campaign) {
        String domain = SendChecklist.domainOf(campaign.settings().replyTo());
        return SendChecklist.of(campaign, audience.count(MemberStatus.SUBSCRIBED), domain.isEmpty() || domains.verified(campaign.account(), domain));
    }

    /** The send is over, unless a reset dropped the campaign meanwhile. */
    private void sent(Campaigns.Located located) {
        boolean still = store.ofCampaign(located.campaign().id()).filter(audience -> audience == located.audience()).isPresent();
        if (still) {
            changes.campaignSent(located.audience(), located.campaign());
        }
    }

    private static RuntimeException cannotSchedule(String why) {
        return MailchimpErrors.badRequest("This campaign cannot be scheduled: " + why, List.of());
    }
}
