package com.crm.integrations.sandbox.control.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.control.ActiveRule;
import com.crm.integrations.sandbox.control.FaultRule;
import com.crm.integrations.sandbox.control.Intervention;
import com.crm.integrations.sandbox.control.LatencyRule;
import com.crm.integrations.sandbox.control.PathPattern;
import com.crm.integrations.sandbox.control.Rule;
import com.crm.integrations.sandbox.error.NotFoundException;

/**
 * The fault-control rules in force and the count of calls per path since the last reset.
 * Safe for concurrent use and never blocks: the request path ({@link #intercept}) only reads
 * a copy-on-write list and takes rule uses with compare-and-set.
 */
@Singleton
public class FaultControl {

    private static final Logger LOG = Logger.getLogger(FaultControl.class);

    /** In the order they were added: the oldest matching rule that takes a request applies. */
    private final List<ActiveRule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

    public ActiveRule add(Rule rule) {
        ActiveRule active = new ActiveRule(UUID.randomUUID().toString(), rule);
        rules.add(active);
        LOG.infof("Added rule: id=%s %s", active.id(), rule);
        return active;
    }

    public List<ActiveRule> rules() {
        return List.copyOf(rules);
    }

    /** @throws NotFoundException when no rule in force has this id */
    public void remove(String id) {
        if (!rules.removeIf(rule -> rule.id().equals(id))) {
            throw new NotFoundException("no rule with id " + id);
        }
        LOG.infof("Removed rule: id=%s", id);
    }

    /** Drops every rule and call count. */
    public void reset() {
        rules.clear();
        calls.clear();
        LOG.info("Reset: rules and call counts cleared");
    }

    /** Calls that reached paths matching {@code pattern} since the last reset. */
    public long calls(PathPattern pattern) {
        long count = 0;
        for (Map.Entry<String, LongAdder> path : calls.entrySet()) {
            if (pattern.matches(path.getKey())) {
                count += path.getValue().sum();
            }
        }
        return count;
    }

    /** Calls per path since the last reset, sorted by path. */
    public Map<String, Long> calls() {
        Map<String, Long> counts = new TreeMap<>();
        calls.forEach((path, count) -> counts.put(path, count.sum()));
        return counts;
    }

    /**
     * Counts a request and decides what the rules do to it: offers it to the matching latency rules, then to the
     * matching fault rules, oldest first, whatever their {@code when}; of each kind, the first that takes it (its share
     * picks it, a use is left) applies and uses one of its uses.
     */
    public Intervention intercept(String method, String path) {
        calls.computeIfAbsent(path, p -> new LongAdder()).increment();
        if (rules.isEmpty()) {
            return Intervention.NONE;
        }
        ActiveRule latency = take(LatencyRule.class, method, path);
        ActiveRule fault = take(FaultRule.class, method, path);
        if (latency == null && fault == null) {
            return Intervention.NONE;
        }
        Intervention intervention = new Intervention(latency, fault);
        LOG.debugf("Intercepted %s %s: latency=%s fault=%s", method, path, latency == null ? "none" : latency.id(),
                fault == null ? "none" : fault.id());
        return intervention;
    }

    /** The first matching rule of {@code type} that takes the request; drops those whose uses are all taken. */
    private ActiveRule take(Class<? extends Rule> type, String method, String path) {
        List<ActiveRule> spent = new ArrayList<>(0);
        ActiveRule taken = null;
        for (ActiveRule rule : rules) {
            if (type.isInstance(rule.rule()) && rule.rule().matcher().matches(method, path)) {
                boolean takes = rule.offer();
                if (rule.exhausted()) {
                    spent.add(rule);
                }
                if (takes) {
                    taken = rule;
                    break;
                }
            }
        }
        if (!spent.isEmpty()) {
            rules.removeAll(spent);
        }
        return taken;
    }
}
