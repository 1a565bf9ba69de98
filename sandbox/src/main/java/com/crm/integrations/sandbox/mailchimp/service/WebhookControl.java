package com.crm.integrations.sandbox.mailchimp.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.error.NotFoundException;
import com.crm.integrations.sandbox.mailchimp.Audience;
import com.crm.integrations.sandbox.mailchimp.DeliveryAttempt;
import com.crm.integrations.sandbox.mailchimp.EventType;
import com.crm.integrations.sandbox.mailchimp.Source;
import com.crm.integrations.sandbox.mailchimp.Webhook;

/**
 * The control API's view of webhooks and their delivery: each webhook's state (no URL: it carries the receiver's
 * secret), its delivery log, and sending as a whole (paused, pending).
 */
@Singleton
public class WebhookControl {

    private final MailchimpStore store;
    private final WebhookDeliveries deliveries;
    private final DeliveryLog log;

    WebhookControl(MailchimpStore store, WebhookDeliveries deliveries, DeliveryLog log) {
        this.store = store;
        this.deliveries = deliveries;
        this.log = log;
    }

    /** {@code {"webhooks":[…],"paused","pending"}}: every webhook, or one audience's ({@code listId}). */
    public Map<String, Object> webhooks(String listId) {
        List<Audience> audiences = new ArrayList<>();
        if (listId == null) {
            store.all().forEach(audiences::add);
        } else {
            audiences.add(store.find(listId).orElseThrow(() -> new NotFoundException("no Mailchimp audience " + listId)));
        }
        List<Map<String, Object>> webhooks = new ArrayList<>();
        for (Audience audience : audiences) {
            store.locked(audience, locked -> webhooks.addAll(locked.webhooks().stream().map(webhook -> view(locked, webhook)).toList()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("webhooks", webhooks);
        body.put("paused", deliveries.paused());
        body.put("pending", deliveries.pendingCount(null));
        return body;
    }

    /**
     * {@code {"webhookId","state","pending","attempts":[…],"last","dropped"}}: the webhook's delivery attempts numbered
     * after {@code since}; a deleted webhook's log too ({@code state} {@code deleted}).
     */
    public Map<String, Object> attempts(String webhookId, long since) {
        DeliveryLog.Page page = log.since(webhookId, since);
        String state = store.ofWebhook(webhookId)
                .flatMap(audience -> store.locked(audience, locked -> locked.webhook(webhookId)))
                .map(webhook -> webhook.enabled() ? "enabled" : "disabled")
                .orElse(null);
        if (state == null && page.attempts().isEmpty() && page.dropped() == 0) {
            throw new NotFoundException("no Mailchimp webhook " + webhookId);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("webhookId", webhookId);
        body.put("state", state == null ? "deleted" : state);
        body.put("pending", deliveries.pendingCount(webhookId));
        body.put("attempts", page.attempts().stream().map(WebhookControl::attempt).toList());
        body.put("last", page.last());
        body.put("dropped", page.dropped());
        return body;
    }

    private Map<String, Object> view(Audience audience, Webhook webhook) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", webhook.id());
        view.put("listId", audience.id());
        view.put("dc", audience.dc());
        view.put("state", webhook.enabled() ? "enabled" : "disabled");
        view.put("events", webhook.events().stream().sorted().map(EventType::wireName).toList());
        view.put("sources", webhook.sources().stream().sorted().map(Source::wireName).toList());
        view.put("pending", deliveries.pendingCount(webhook.id()));
        return view;
    }

    private static Map<String, Object> attempt(DeliveryAttempt attempt) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("seq", attempt.seq());
        view.put("delivery", attempt.delivery());
        view.put("attempt", attempt.attempt());
        view.put("at", attempt.at().toEpochMilli());
        view.put("type", attempt.type().wireName());
        view.put("body", attempt.body());
        view.put("status", attempt.outcome().status());
        view.put("error", attempt.outcome().failure() == null ? null : attempt.outcome().failure().wireName());
        view.put("final", attempt.last());
        view.put("millis", attempt.millis());
        return view;
    }
}
