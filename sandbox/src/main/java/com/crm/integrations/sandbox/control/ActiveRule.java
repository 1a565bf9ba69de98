package com.crm.integrations.sandbox.control;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A rule in force, with its id and how many more requests it applies to. Safe to use from
 * any thread: each matching request takes one use atomically.
 */
public final class ActiveRule {

    private static final int UNLIMITED = -1;

    private final String id;
    private final Rule rule;
    private final AtomicInteger remaining;

    public ActiveRule(String id, Rule rule) {
        this.id = id;
        this.rule = rule;
        this.remaining = new AtomicInteger(rule.times() == null ? UNLIMITED : rule.times());
    }

    public String id() {
        return id;
    }

    public Rule rule() {
        return rule;
    }

    /** Uses left, or {@code null} for unlimited. */
    public Integer remaining() {
        int left = remaining.get();
        return left == UNLIMITED ? null : left;
    }

    /** Takes one use if any is left. */
    public boolean tryUse() {
        while (true) {
            int left = remaining.get();
            if (left == UNLIMITED) {
                return true;
            }
            if (left == 0) {
                return false;
            }
            if (remaining.compareAndSet(left, left - 1)) {
                return true;
            }
        }
    }

    public boolean exhausted() {
        return remaining.get() == 0;
    }
}
