package com.crm.integrations.sandbox.mailchimp.service;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.mailchimp.DeliveryAttempt;
import com.crm.integrations.sandbox.mailchimp.MailchimpReset;
import com.crm.integrations.sandbox.mailchimp.config.MailchimpWebhooksConfig;

/**
 * Every attempt to deliver a webhook post, per webhook, the last {@code sandbox.mailchimp.webhooks.log-capacity} kept
 * (older ones dropped and counted). A deleted webhook's log stays until reset.
 */
@Singleton
public class DeliveryLog {

    /** A webhook's attempts numbered after a point, and how many older ones were dropped. */
    public record Page(List<DeliveryAttempt> attempts, long last, long dropped) {
    }

    private static final class Attempts {
        private final Deque<DeliveryAttempt> kept = new ArrayDeque<>();
        private long dropped;
    }

    private final int capacity;
    private final Map<String, Attempts> byWebhook = new HashMap<>();
    private long lastSeq;

    DeliveryLog(MailchimpWebhooksConfig config) {
        this.capacity = config.logCapacity();
    }

    /** The next number for {@link DeliveryAttempt#seq()}. */
    public synchronized long nextSeq() {
        return ++lastSeq;
    }

    public synchronized void record(DeliveryAttempt attempt) {
        Attempts attempts = byWebhook.computeIfAbsent(attempt.webhookId(), id -> new Attempts());
        attempts.kept.addLast(attempt);
        while (attempts.kept.size() > capacity) {
            attempts.kept.removeFirst();
            attempts.dropped++;
        }
    }

    /** The webhook's attempts numbered after {@code since}, oldest first; {@code last}: the newest number of any webhook. */
    public synchronized Page since(String webhookId, long since) {
        Attempts attempts = byWebhook.get(webhookId);
        if (attempts == null) {
            return new Page(List.of(), lastSeq, 0);
        }
        return new Page(attempts.kept.stream().filter(attempt -> attempt.seq() > since).toList(), lastSeq, attempts.dropped);
    }

    synchronized void reset(@Observes MailchimpReset reset) {
        byWebhook.clear();
    }
}
