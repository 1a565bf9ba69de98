package com.crm.integrations.sandbox.mailchimp.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.mailchimp.Audience;
import com.crm.integrations.sandbox.mailchimp.MailchimpReset;

/**
 * Every audience of every data centre, in memory, and which audience each webhook and campaign belongs to. Work on an audience runs
 * under that audience's lock ({@link #locked}), so each call sees and leaves it consistent; audiences do not wait for
 * each other. Audience ids are unique across data centres, as Mailchimp's are; the API sees an audience only in its own
 * data centre ({@link #inDc}).
 */
@Singleton
public class MailchimpStore {

    private static final Logger LOG = Logger.getLogger(MailchimpStore.class);

    /** In the order they were created. */
    private final Map<String, Audience> audiences = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, String> webhookLists = new ConcurrentHashMap<>();
    private final Map<String, String> campaignLists = new ConcurrentHashMap<>();

    /** @throws InvalidRequestException when the id is taken */
    public Audience add(Audience audience) {
        if (audiences.putIfAbsent(audience.id(), audience) != null) {
            throw new InvalidRequestException("an audience with id " + audience.id() + " exists already");
        }
        LOG.infof("Mailchimp audience created: list=%s dc=%s", audience.id(), audience.dc());
        return audience;
    }

    public Optional<Audience> find(String listId) {
        return listId == null ? Optional.empty() : Optional.ofNullable(audiences.get(listId));
    }

    /** The audience of that id in data centre {@code dc}. */
    public Optional<Audience> find(String dc, String listId) {
        return find(listId).filter(audience -> audience.dc().equals(dc));
    }

    /** The data centre's audiences, oldest first. */
    public List<Audience> inDc(String dc) {
        synchronized (audiences) {
            return audiences.values().stream().filter(audience -> audience.dc().equals(dc)).toList();
        }
    }

    /** Every audience, oldest first. */
    public List<Audience> all() {
        synchronized (audiences) {
            return List.copyOf(audiences.values());
        }
    }

    /** Runs {@code work} on the audience under its lock. */
    public <T> T locked(Audience audience, Function<Audience, T> work) {
        synchronized (audience) {
            return work.apply(audience);
        }
    }

    /** The audience a webhook belongs to. */
    public Optional<Audience> ofWebhook(String webhookId) {
        return find(webhookLists.get(webhookId));
    }

    /** Notes which audience a new webhook belongs to. */
    public void webhookAdded(String webhookId, String listId) {
        webhookLists.put(webhookId, listId);
    }

    public void webhookRemoved(String webhookId) {
        webhookLists.remove(webhookId);
    }

    /** The audience a campaign belongs to. */
    public Optional<Audience> ofCampaign(String campaignId) {
        return find(campaignLists.get(campaignId));
    }

    /** Notes which audience a new campaign belongs to. */
    public void campaignAdded(String campaignId, String listId) {
        campaignLists.put(campaignId, listId);
    }

    void reset(@Observes MailchimpReset reset) {
        audiences.clear();
        webhookLists.clear();
        campaignLists.clear();
    }
}
