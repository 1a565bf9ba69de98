package com.crm.integrations.sandbox.calendar.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.calendar.CalendarReset;
import com.crm.integrations.sandbox.calendar.ItemFaultRule;
import com.crm.integrations.sandbox.control.When;
import com.crm.integrations.sandbox.provider.ApiAnswer;
import com.crm.integrations.sandbox.provider.Provider;

/**
 * The item-fault rules of each account ({@link ItemFaultRule}): each request a rule covers draws the rule's next random
 * number, and fails when it falls under the rule's fraction, until the rule's {@code times} are used up. A rule's draws
 * are serialised, so the same seed and the same requests in the same order fail the same ones.
 */
@Singleton
public class ItemFaults {

    private static final Logger LOG = Logger.getLogger(ItemFaults.class);

    /** A rule in force: {@code remaining} faults ({@code null}: unlimited), {@code draws} requests it covered, {@code hits} it failed. */
    public record ItemFaultView(String id, double fraction, int status, String reason, String retryAfter, long seed, Integer remaining,
            String when, boolean singleCalls, int draws, int hits) {
    }

    /** A request a rule fails: the provider's answer, and whether it comes before or after the request's work. */
    public record Hit(String ruleId, ApiAnswer answer, When when) {
    }

    private record Key(Provider provider, String account) {
    }

    private static final class Active {
        private final String id = UUID.randomUUID().toString();
        private final ItemFaultRule rule;
        private final Random random;
        private int draws;
        private int hits;

        Active(ItemFaultRule rule) {
            this.rule = rule;
            this.random = new Random(rule.seed());
        }

        synchronized boolean spent() {
            return rule.times() != null && hits >= rule.times();
        }

        /** Whether this request fails; every covered request draws, so the sequence depends only on the seed and the count. */
        synchronized boolean draw() {
            if (spent()) {
                return false;
            }
            draws++;
            if (random.nextDouble() < rule.fraction()) {
                hits++;
                return true;
            }
            return false;
        }

        synchronized ItemFaultView view() {
            return new ItemFaultView(id, rule.fraction(), rule.status(), rule.reason(), rule.retryAfter(), rule.seed(),
                    rule.times() == null ? null : rule.times() - hits, rule.when().wireName(), rule.singleCalls(), draws, hits);
        }
    }

    private final Map<Key, List<Active>> rules = new ConcurrentHashMap<>();

    public ItemFaultView add(Provider provider, String account, ItemFaultRule rule) {
        Active active = new Active(rule);
        rules.computeIfAbsent(new Key(provider, account), key -> new CopyOnWriteArrayList<>()).add(active);
        LOG.infof("Calendar item faults added: provider=%s account=%s id=%s %s", provider.prefix(), account, active.id, rule);
        return active.view();
    }

    public List<ItemFaultView> list(Provider provider, String account) {
        return rules.getOrDefault(new Key(provider, account), List.of()).stream().map(Active::view).toList();
    }

    public void clear(Provider provider, String account) {
        rules.remove(new Key(provider, account));
    }

    /**
     * Whether the account's rules fail this request: the oldest rule with faults left that covers it draws first, then
     * the next if it drew no fault.
     *
     * @param batched an inner request of a batch; else a single call, which only rules with {@code singleCalls} cover
     */
    public Optional<Hit> draw(Provider provider, String account, boolean batched, String clientRequestId) {
        List<Active> active = rules.get(new Key(provider, account));
        if (active == null) {
            return Optional.empty();
        }
        for (Active rule : active) {
            if (rule.spent()) {
                active.remove(rule);
            } else if ((batched || rule.rule.singleCalls()) && rule.draw()) {
                return Optional.of(new Hit(rule.id, answer(provider, rule.rule, clientRequestId), rule.rule.when()));
            }
        }
        return Optional.empty();
    }

    private static ApiAnswer answer(Provider provider, ItemFaultRule rule, String clientRequestId) {
        return provider == Provider.GOOGLE ? GoogleErrors.itemFault(rule.status(), rule.reason(), rule.retryAfter())
                : GraphErrors.itemFault(rule.status(), clientRequestId, rule.retryAfter());
    }

    void reset(@Observes CalendarReset reset) {
        rules.clear();
    }
}
