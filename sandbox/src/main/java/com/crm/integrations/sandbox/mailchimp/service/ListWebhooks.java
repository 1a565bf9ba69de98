package com.crm.integrations.sandbox.mailchimp.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.mailchimp.AttemptFailure;
import com.crm.integrations.sandbox.mailchimp.Audience;
import com.crm.integrations.sandbox.mailchimp.EventType;
import com.crm.integrations.sandbox.mailchimp.HttpOutcome;
import com.crm.integrations.sandbox.mailchimp.Source;
import com.crm.integrations.sandbox.mailchimp.Webhook;

import io.smallrye.mutiny.Uni;

/**
 * An audience's webhooks through the API (PROVIDERS.md §6.1): {@code POST}, {@code GET}, {@code PATCH}, {@code DELETE}
 * {@code /lists/{list_id}/webhooks[/{id}]}. Before a URL is taken (new, or moved by PATCH) Mailchimp's validation
 * {@code GET} goes to it, query string included; anything but a 2xx within the wait refuses the call and changes
 * nothing. A URL a webhook of the audience has already is refused [unconf: Mailchimp's wording]. URLs are never logged.
 */
@Singleton
public class ListWebhooks {

    private static final Logger LOG = Logger.getLogger(ListWebhooks.class);

    private final MailchimpStore store;
    private final WebhookHttp http;
    private final WebhookDeliveries deliveries;
    private final RetryPolicies policies;

    ListWebhooks(MailchimpStore store, WebhookHttp http, WebhookDeliveries deliveries, RetryPolicies policies) {
        this.store = store;
        this.http = http;
        this.deliveries = deliveries;
        this.policies = policies;
    }

    public Uni<Map<String, Object>> create(String dc, String listId, String body) {
        Audience audience = audience(dc, listId);
        WebhookInput input = WebhookInput.parse(body, true);
        store.locked(audience, locked -> unique(locked, input.url(), null));
        return validated(audience, input.url()).map(ok -> store.locked(audience, locked -> {
            unique(locked, input.url(), null);
            Webhook webhook = new Webhook(MailchimpIds.tenHex(), locked.id(), input.url(),
                    WebhookInput.applied(Set.of(), input.events(), EventType.class), WebhookInput.applied(Set.of(), input.sources(), Source.class),
                    true);
            locked.put(webhook);
            store.webhookAdded(webhook.id(), locked.id());
            LOG.infof("Mailchimp webhook created: webhook=%s list=%s", webhook.id(), locked.id());
            return MarketingJson.webhook(webhook);
        }));
    }

    /** {@code {"webhooks":[…],"list_id","total_items","_links"}}. */
    public Map<String, Object> list(String dc, String listId) {
        return store.locked(audience(dc, listId), locked -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("webhooks", locked.webhooks().stream().map(MarketingJson::webhook).toList());
            body.put("list_id", locked.id());
            body.put("total_items", locked.webhooks().size());
            body.put("_links", List.of());
            return body;
        });
    }

    public Map<String, Object> get(String dc, String listId, String webhookId) {
        return store.locked(audience(dc, listId), locked -> MarketingJson.webhook(webhook(locked, webhookId)));
    }

    /** Changes what the body names; a new URL is validated first. A disabled webhook stays disabled. */
    public Uni<Map<String, Object>> patch(String dc, String listId, String webhookId, String body) {
        Audience audience = audience(dc, listId);
        WebhookInput input = WebhookInput.parse(body, false);
        Webhook before = store.locked(audience, locked -> webhook(locked, webhookId));
        boolean moves = input.url() != null && !input.url().equals(before.url());
        if (moves) {
            store.locked(audience, locked -> unique(locked, input.url(), webhookId));
        }
        Uni<Boolean> checked = moves ? validated(audience, input.url()) : Uni.createFrom().item(true);
        return checked.map(ok -> store.locked(audience, locked -> {
            Webhook current = webhook(locked, webhookId);
            String url = moves ? input.url() : current.url();
            unique(locked, url, webhookId);
            Webhook changed = current.withSettings(url, WebhookInput.applied(current.events(), input.events(), EventType.class),
                    WebhookInput.applied(current.sources(), input.sources(), Source.class));
            locked.put(changed);
            LOG.infof("Mailchimp webhook changed: webhook=%s list=%s urlChanged=%s", webhookId, locked.id(), moves);
            return MarketingJson.webhook(changed);
        }));
    }

    /** Removes it; its pending posts are dropped unsent. */
    public void delete(String dc, String listId, String webhookId) {
        store.locked(audience(dc, listId), locked -> {
            webhook(locked, webhookId);
            locked.removeWebhook(webhookId);
            return null;
        });
        store.webhookRemoved(webhookId);
        deliveries.drop(webhookId);
        LOG.infof("Mailchimp webhook deleted: webhook=%s list=%s", webhookId, listId);
    }

    /** Mailchimp's validation {@code GET}; fails with 400 {@code Invalid Resource} unless it got a 2xx. */
    private Uni<Boolean> validated(Audience audience, String url) {
        return Uni.createFrom().completionStage(() -> http.get(url, policies.validationTimeout()).toCompletionStage()).map(outcome -> {
            if (!outcome.succeeded()) {
                LOG.infof("Mailchimp webhook URL refused: list=%s validation GET answer=%s", audience.id(), outcome);
                throw MailchimpErrors.invalid(refusal(outcome));
            }
            return true;
        });
    }

    private static String refusal(HttpOutcome outcome) {
        String answer = outcome.status() != null ? "it answered " + outcome.status()
                : outcome.failure() == AttemptFailure.TIMEOUT ? "it did not answer in time" : "it could not be reached";
        return "The URL did not return a 200 response to our validation GET request (" + answer + "). "
                + "Please make sure the URL is reachable and answers GET requests with 200.";
    }

    private Audience audience(String dc, String listId) {
        return store.find(dc, listId).orElseThrow(MailchimpErrors::notFound);
    }

    private static Webhook webhook(Audience audience, String webhookId) {
        return audience.webhook(webhookId).orElseThrow(MailchimpErrors::notFound);
    }

    /** @param except the webhook being changed, {@code null} on create */
    private static Void unique(Audience audience, String url, String except) {
        audience.webhookWithUrl(url).filter(other -> !other.id().equals(except)).ifPresent(other -> {
            throw MailchimpErrors.invalid("Sorry, you can't use the same webhook URL twice in one audience: another webhook of this "
                    + "audience has it.");
        });
        return null;
    }
}
