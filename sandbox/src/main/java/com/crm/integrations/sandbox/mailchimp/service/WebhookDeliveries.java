package com.crm.integrations.sandbox.mailchimp.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.mailchimp.DeliveryAttempt;
import com.crm.integrations.sandbox.mailchimp.HttpOutcome;
import com.crm.integrations.sandbox.mailchimp.MailchimpReset;
import com.crm.integrations.sandbox.mailchimp.RetryPolicy;
import com.crm.integrations.sandbox.mailchimp.Webhook;
import com.crm.integrations.sandbox.mailchimp.WebhookEvent;

import io.vertx.core.Vertx;

/**
 * Sends webhook posts and retries them (PROVIDERS.md §6.4). Each post is independent: a failed one is retried on its own
 * schedule ({@link RetryPolicy}) while later posts go out, so they may overtake it, as Mailchimp guarantees no order
 * either; the receiver must survive that. Only the posts of one change to one webhook (an {@code upemail} and its
 * {@code profile}) keep their order: each is first sent once the one before had its first answer. A 410 disables the
 * webhook for good: its pending posts are dropped unsent. Sending can be paused (posts pile up) and resumed; pending
 * retries can be run at once. Timers, not threads, wait; logs name webhooks by id only (their URL holds a secret).
 */
@Singleton
public class WebhookDeliveries {

    private static final Logger LOG = Logger.getLogger(WebhookDeliveries.class);

    private final Vertx vertx;
    private final WebhookHttp http;
    private final MailchimpStore store;
    private final DeliveryLog log;
    private final RetryPolicies policies;
    private final Map<Long, Delivery> pending = new LinkedHashMap<>();
    /** Due while sending was paused, in the order they became due. */
    private final List<Delivery> held = new ArrayList<>();
    /** Webhooks that answered 410: nothing more goes to them. */
    private final Set<String> gone = new HashSet<>();
    private boolean paused;
    private long lastId;

    WebhookDeliveries(Vertx vertx, WebhookHttp http, MailchimpStore store, DeliveryLog log, RetryPolicies policies) {
        this.vertx = vertx;
        this.http = http;
        this.store = store;
        this.log = log;
        this.policies = policies;
    }

    /**
     * Queues the posts of one change for one webhook, in their order: the first goes now (or once sending resumes).
     *
     * @return the posts' delivery ids, in the same order
     */
    public List<Long> enqueue(Webhook webhook, List<WebhookEvent> events) {
        List<Long> ids = new ArrayList<>();
        List<Delivery> toSend;
        synchronized (this) {
            if (gone.contains(webhook.id())) {
                return List.of();
            }
            Delivery before = null;
            Delivery first = null;
            for (WebhookEvent event : events) {
                Delivery delivery = new Delivery(++lastId, webhook.id(), event);
                pending.put(delivery.id, delivery);
                ids.add(delivery.id);
                if (before == null) {
                    first = delivery;
                } else {
                    before.next = delivery;
                }
                before = delivery;
            }
            toSend = first == null ? List.of() : due(first);
        }
        send(toSend);
        return ids;
    }

    /** Sends every post waiting for a retry now (or, while paused, once sending resumes); returns how many. */
    public int deliverNow() {
        List<Delivery> toSend = new ArrayList<>();
        int count = 0;
        synchronized (this) {
            for (Delivery delivery : pending.values()) {
                if (delivery.timerId >= 0) {
                    vertx.cancelTimer(delivery.timerId);
                    delivery.timerId = -1;
                    toSend.addAll(due(delivery));
                    count++;
                }
            }
        }
        send(toSend);
        return count;
    }

    /** Posts that become due are held until {@link #resume}. */
    public synchronized void pause() {
        paused = true;
        LOG.info("Mailchimp webhook sending paused");
    }

    /** Sends what was held, in the order it became due. */
    public void resume() {
        List<Delivery> toSend;
        synchronized (this) {
            paused = false;
            toSend = held.stream().filter(delivery -> pending.get(delivery.id) == delivery).toList();
            held.clear();
        }
        LOG.infof("Mailchimp webhook sending resumed: %d held posts sent", toSend.size());
        send(toSend);
    }

    public synchronized boolean paused() {
        return paused;
    }

    /** Posts not yet delivered, given up or dropped; {@code webhookId} {@code null}: of every webhook. */
    public synchronized int pendingCount(String webhookId) {
        return (int) pending.values().stream().filter(delivery -> webhookId == null || delivery.webhookId.equals(webhookId)).count();
    }

    /** Drops the webhook's pending posts unsent (it was deleted). */
    public synchronized void drop(String webhookId) {
        pending.values().removeIf(delivery -> {
            if (!delivery.webhookId.equals(webhookId)) {
                return false;
            }
            vertx.cancelTimer(delivery.timerId);
            return true;
        });
        held.removeIf(delivery -> delivery.webhookId.equals(webhookId));
    }

    /** The delivery in flight or waiting, if it goes now: not while paused, not once dropped. */
    private List<Delivery> due(Delivery delivery) {
        if (pending.get(delivery.id) != delivery) {
            return List.of();
        }
        if (paused) {
            held.add(delivery);
            return List.of();
        }
        return List.of(delivery);
    }

    private void send(List<Delivery> deliveries) {
        for (Delivery delivery : deliveries) {
            Optional<Webhook> webhook = store.ofWebhook(delivery.webhookId)
                    .flatMap(audience -> store.locked(audience, locked -> locked.webhook(delivery.webhookId)))
                    .filter(Webhook::enabled);
            if (webhook.isEmpty()) {
                List<Delivery> next;
                synchronized (this) {
                    next = finish(delivery);
                }
                send(next);
                continue;
            }
            RetryPolicy policy = policies.current();
            int attempt;
            synchronized (this) {
                attempt = ++delivery.attempts;
                if (attempt == 1) {
                    delivery.firstAttemptNanos = System.nanoTime();
                }
            }
            Instant at = Instant.now();
            long started = System.nanoTime();
            http.post(webhook.get().url(), delivery.body, policy.timeout())
                    .onSuccess(outcome -> answered(delivery, attempt, at, started, outcome));
        }
    }

    private void answered(Delivery delivery, int attempt, Instant at, long started, HttpOutcome outcome) {
        List<Delivery> toSend = new ArrayList<>();
        boolean disable = false;
        synchronized (this) {
            if (pending.get(delivery.id) != delivery) {
                return; // dropped or reset meanwhile
            }
            boolean last = true;
            if (outcome.gone()) {
                disable = gone.add(delivery.webhookId);
                drop(delivery.webhookId);
            } else if (outcome.succeeded()) {
                pending.remove(delivery.id);
            } else {
                last = !retryLater(delivery, attempt, outcome);
            }
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            log.record(new DeliveryAttempt(log.nextSeq(), delivery.id, attempt, delivery.webhookId, at, delivery.event.type(), delivery.body,
                    outcome, last, millis));
            if (attempt == 1 && delivery.next != null) {
                toSend.addAll(due(delivery.next));
            }
        }
        if (disable) {
            disable(delivery.webhookId);
        }
        send(toSend);
    }

    /** @return whether a retry is scheduled; if not, the post is given up */
    private boolean retryLater(Delivery delivery, int attempt, HttpOutcome outcome) {
        RetryPolicy policy = policies.current();
        Duration delay = policy.delayAfter(attempt);
        if (!policy.retries(Duration.ofNanos(System.nanoTime() - delivery.firstAttemptNanos), delay)) {
            pending.remove(delivery.id);
            LOG.infof("Mailchimp webhook post given up: webhook=%s delivery=%d attempts=%d answer=%s", delivery.webhookId, delivery.id, attempt,
                    outcome);
            return false;
        }
        delivery.timerId = vertx.setTimer(delay.toMillis(), timer -> retry(delivery));
        LOG.infof("Mailchimp webhook post failed: webhook=%s delivery=%d attempt=%d answer=%s, retry in %d ms", delivery.webhookId,
                delivery.id, attempt, outcome, delay.toMillis());
        return true;
    }

    private void retry(Delivery delivery) {
        List<Delivery> toSend;
        synchronized (this) {
            delivery.timerId = -1;
            toSend = due(delivery);
        }
        send(toSend);
    }

    /** Ends a post that cannot go (its webhook was deleted or disabled); its successor in the change may still go. */
    private List<Delivery> finish(Delivery delivery) {
        pending.remove(delivery.id);
        return delivery.next == null ? List.of() : due(delivery.next);
    }

    /** The webhook answered 410: disabled at once and for good (§6.4). */
    private void disable(String webhookId) {
        store.ofWebhook(webhookId).ifPresent(audience -> store.locked(audience, locked -> {
            locked.webhook(webhookId).ifPresent(webhook -> locked.put(webhook.disabled()));
            return null;
        }));
        LOG.infof("Mailchimp webhook answered 410 Gone: webhook=%s disabled", webhookId);
    }

    synchronized void reset(@Observes MailchimpReset reset) {
        pending.values().forEach(delivery -> vertx.cancelTimer(delivery.timerId));
        pending.clear();
        held.clear();
        gone.clear();
        paused = false;
    }
}
