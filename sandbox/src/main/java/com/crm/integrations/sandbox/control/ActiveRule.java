package com.crm.integrations.sandbox.control;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A rule in force, with its id, how many more requests it applies to, and how many matching requests it was offered.
 * Safe to use from any thread without locks: each offered request gets its number and takes its use atomically.
 */
public final class ActiveRule {

    private static final int UNLIMITED = -1;

    private final String id;
    private final Rule rule;
    private final AtomicInteger remaining;
    private final AtomicLong offered = new AtomicLong();
    /**
     * The share as the decimal it was written in (0.29, not the double just below it, which would take the 29th of 100
     * requests only at the 101st); {@code null} for every request.
     */
    private final BigDecimal share;

    public ActiveRule(String id, Rule rule) {
        this.id = id;
        this.rule = rule;
        this.remaining = new AtomicInteger(rule.times() == null ? UNLIMITED : rule.times());
        this.share = rule.share() == Rule.EVERY_REQUEST ? null : BigDecimal.valueOf(rule.share());
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

    /**
     * Offers the rule a matching request: the rule takes it, using one of its uses, when its share picks the request
     * (see {@link Rule#share()}) and a use is left. A request the share passes over uses none. Once the rule is
     * {@link #exhausted()}, it no longer counts the requests it is offered.
     *
     * @return whether the rule takes the request
     */
    public boolean offer() {
        if (exhausted()) {
            return false;
        }
        return picks(offered.incrementAndGet()) && tryUse();
    }

    /** Whether the share takes the {@code n}-th request offered: floor(n × share) &gt; floor((n - 1) × share). */
    private boolean picks(long n) {
        if (share == null) {
            return true;
        }
        // floor(n s) > floor(n s - s) for 0 < s <= 1 exactly when the fractional part of n s is below s
        return BigDecimal.valueOf(n).multiply(share).remainder(BigDecimal.ONE).compareTo(share) < 0;
    }

    private boolean tryUse() {
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

    /** Whether every use is taken: the rule applies to no more requests. */
    public boolean exhausted() {
        return remaining.get() == 0;
    }
}
