package com.crm.integrations.sandbox.mailchimp.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.mailchimp.Audience;
import com.crm.integrations.sandbox.mailchimp.Campaign;
import com.crm.integrations.sandbox.mailchimp.CampaignStatus;
import com.crm.integrations.sandbox.mailchimp.config.MailchimpListsConfig;
import com.crm.integrations.sandbox.provider.service.SandboxClock;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The API's campaigns in data centre {@code dc} (PROVIDERS.md §5.3): create ({@code POST /campaigns}, the audience must be
 * there: else 400), read, list ({@code list_id}, {@code since_create_time}, paging), change settings ({@code PATCH}) and
 * content ({@code PUT …/content}). Sending is {@link CampaignSending}'s. A campaign lives in its audience, under its lock.
 */
@Singleton
public class Campaigns {

    private static final Logger LOG = Logger.getLogger(Campaigns.class);

    /** A campaign with its audience. */
    record Located(Audience audience, Campaign campaign) {
    }

    private final MailchimpStore store;
    private final SandboxClock clock;
    private final MailchimpListsConfig paging;

    Campaigns(MailchimpStore store, SandboxClock clock, MailchimpListsConfig paging) {
        this.store = store;
        this.clock = clock;
        this.paging = paging;
    }

    /** @param account the account of the credential that creates it */
    public Map<String, Object> create(String dc, String account, String body) {
        CampaignInputs.Creation creation = CampaignInputs.creation(JsonBodies.object(body));
        Audience audience = store.find(dc, creation.listId())
                .orElseThrow(() -> MailchimpErrors.invalidField("recipients.list_id", "The audience " + creation.listId() + " does not exist."));
        Map<String, Object> created = store.locked(audience, locked -> {
            Campaign campaign = new Campaign(MailchimpIds.tenHex(), MailchimpIds.webId(), creation.type(), locked.id(), account,
                    creation.settings(), clock.now());
            campaign.setSegmentOpts(creation.segmentOpts());
            locked.put(campaign);
            store.campaignAdded(campaign.id(), locked.id());
            return CampaignJson.campaign(locked, campaign);
        });
        LOG.infof("Mailchimp campaign created: campaign=%s list=%s account=%s", created.get("id"), audience.id(), account);
        return created;
    }

    public Map<String, Object> get(String dc, String campaignId) {
        return onCampaign(dc, campaignId, CampaignJson::campaign);
    }

    /**
     * {@code {"campaigns":[…],"total_items","_links"}}, oldest first.
     *
     * @param listId one audience's, or {@code null}; {@code sinceCreateTime} ISO 8601: created then or later, or {@code null}
     */
    public Map<String, Object> list(String dc, String listId, String sinceCreateTime, String count, String offset) {
        record Listed(Instant created, Map<String, Object> json) {
        }
        Paging page = Paging.of(count, offset, paging);
        Instant since = sinceCreateTime == null ? null : JsonBodies.instant(sinceCreateTime, "since_create_time");
        List<Listed> all = new ArrayList<>();
        for (Audience audience : store.inDc(dc)) {
            if (listId == null || audience.id().equals(listId)) {
                store.locked(audience, locked -> all.addAll(locked.campaigns().stream()
                        .filter(campaign -> since == null || !campaign.createTime().isBefore(since))
                        .map(campaign -> new Listed(campaign.createTime(), CampaignJson.campaign(locked, campaign))).toList()));
            }
        }
        all.sort(Comparator.comparing(Listed::created));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("campaigns", page.page(all).stream().map(Listed::json).toList());
        body.put("total_items", all.size());
        body.put("_links", List.of());
        return body;
    }

    /** {@code PATCH /campaigns/{id}}: the {@code settings} sent replace those there; not once it is sending or sent. */
    public Map<String, Object> update(String dc, String campaignId, String body) {
        JsonNode root = JsonBodies.object(body);
        return onCampaign(dc, campaignId, (audience, campaign) -> {
            unsent(campaign);
            campaign.setSettings(CampaignInputs.settings(root, campaign.settings()));
            return CampaignJson.campaign(audience, campaign);
        });
    }

    /** {@code PUT …/content}: 200 and the content; not once it is sending or sent. */
    public Map<String, Object> setContent(String dc, String campaignId, String body) {
        JsonNode root = JsonBodies.object(body);
        return onCampaign(dc, campaignId, (audience, campaign) -> {
            unsent(campaign);
            campaign.setContent(CampaignInputs.content(root));
            return CampaignJson.content(campaign);
        });
    }

    public Map<String, Object> content(String dc, String campaignId) {
        return onCampaign(dc, campaignId, (audience, campaign) -> CampaignJson.content(campaign));
    }

    /** Every campaign of the audience as the API shows it, with its {@code account} and {@code content}: the control API's view. */
    public List<Map<String, Object>> ofAudience(Audience audience) {
        return store.locked(audience, locked -> locked.campaigns().stream().map(campaign -> {
            Map<String, Object> view = CampaignJson.campaign(locked, campaign);
            view.put("account", campaign.account());
            view.put("content", CampaignJson.content(campaign));
            return view;
        }).toList());
    }

    /** The campaign of that id in data centre {@code dc}, else 404 {@code Resource Not Found}. */
    Located locate(String dc, String campaignId) {
        Audience audience = store.ofCampaign(campaignId).filter(found -> found.dc().equals(dc)).orElseThrow(MailchimpErrors::notFound);
        Campaign campaign = store.locked(audience, locked -> locked.campaign(campaignId)).orElseThrow(MailchimpErrors::notFound);
        return new Located(audience, campaign);
    }

    /** Runs {@code work} on the campaign under its audience's lock. */
    <T> T onCampaign(String dc, String campaignId, BiFunction<Audience, Campaign, T> work) {
        Located located = locate(dc, campaignId);
        return store.locked(located.audience(), locked -> work.apply(locked, located.campaign()));
    }

    private static void unsent(Campaign campaign) {
        if (campaign.status() == CampaignStatus.SENDING || campaign.status() == CampaignStatus.SENT) {
            throw MailchimpErrors.badRequest("This campaign has already been sent and cannot be changed.", List.of());
        }
    }
}
