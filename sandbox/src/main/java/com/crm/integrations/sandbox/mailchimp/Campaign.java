package com.crm.integrations.sandbox.mailchimp;

import java.time.Instant;
import java.util.Map;

/**
 * A campaign of an audience (PROVIDERS.md §5.3): one an API client created ({@code POST /campaigns}) and gives content,
 * sends or schedules, or one the control API reported ({@code sent} or {@code canceled}) for its webhook event. Mutable:
 * its {@link Audience}'s lock guards it, and views are taken under that lock.
 */
public final class Campaign {

    private final String id;
    private final long webId;
    private final String type;
    private final String listId;
    private final String account;
    private final Instant createTime;
    private Map<String, Object> segmentOpts = Map.of();
    private CampaignSettings settings;
    private CampaignContent content;
    private CampaignStatus status = CampaignStatus.SAVE;
    private Instant sendTime;
    private int emailsSent;

    /**
     * @param type {@code regular} or {@code plaintext}
     * @param account the account whose credential created it (its domains decide whether it may be sent); {@code null}
     *        for a campaign the control API reported
     */
    public Campaign(String id, long webId, String type, String listId, String account, CampaignSettings settings, Instant createTime) {
        this.id = id;
        this.webId = webId;
        this.type = type;
        this.listId = listId;
        this.account = account;
        this.settings = settings;
        this.createTime = createTime;
    }

    public String id() {
        return id;
    }

    public long webId() {
        return webId;
    }

    public String type() {
        return type;
    }

    public String listId() {
        return listId;
    }

    public String account() {
        return account;
    }

    public Instant createTime() {
        return createTime;
    }

    /** The {@code recipients.segment_opts} it was created with, as sent (not applied: every subscribed member is a recipient). */
    public Map<String, Object> segmentOpts() {
        return segmentOpts;
    }

    public CampaignSettings settings() {
        return settings;
    }

    /** {@code null} until content was set. */
    public CampaignContent content() {
        return content;
    }

    public CampaignStatus status() {
        return status;
    }

    /** When it was sent, or is scheduled to be; {@code null} for neither. */
    public Instant sendTime() {
        return sendTime;
    }

    public int emailsSent() {
        return emailsSent;
    }

    public void setSegmentOpts(Map<String, Object> segmentOpts) {
        this.segmentOpts = Map.copyOf(segmentOpts);
    }

    public void setSettings(CampaignSettings settings) {
        this.settings = settings;
    }

    public void setContent(CampaignContent content) {
        this.content = content;
    }

    /** @param sendTime when it was sent or is scheduled to be; {@code null} for neither */
    public void setStatus(CampaignStatus status, Instant sendTime) {
        this.status = status;
        this.sendTime = sendTime;
    }

    public void sentTo(int recipients) {
        this.emailsSent = recipients;
    }
}
