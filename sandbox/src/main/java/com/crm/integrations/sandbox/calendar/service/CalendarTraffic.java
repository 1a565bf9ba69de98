package com.crm.integrations.sandbox.calendar.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.calendar.CalendarReset;
import com.crm.integrations.sandbox.calendar.ThrottleRule;
import com.crm.integrations.sandbox.calendar.config.CalendarConfig;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.service.SandboxClock;

/**
 * What the providers do to an account's requests as a whole: throttling rules, the concurrency limit (and the highest
 * concurrency seen, for tests of a client's own limit), and Graph's replays. Lock-free: the gate asks on every request.
 */
@Singleton
public class CalendarTraffic {

    private static final Logger LOG = Logger.getLogger(CalendarTraffic.class);
    private static final int UNLIMITED = -1;

    /** A throttle rule in force: {@code remaining} uses ({@code null}: unlimited), in force {@code until} ({@code null}: no end). */
    public record ThrottleView(String id, int status, String reason, String retryAfter, Integer remaining, Instant until) {
    }

    /** @param limit requests in flight at once before 429; {@code null}: none */
    public record Concurrency(Integer limit, int inFlight, int highest) {
    }

    private record Key(Provider provider, String account) {
    }

    private static final class Throttle {
        private final String id = UUID.randomUUID().toString();
        private final ThrottleRule rule;
        private final AtomicInteger remaining;
        private final AtomicInteger toLetThrough;
        private final Instant until;

        Throttle(ThrottleRule rule, Instant now) {
            this.rule = rule;
            this.toLetThrough = new AtomicInteger(rule.after() == null ? 0 : rule.after());
            this.remaining = new AtomicInteger(rule.times() == null ? UNLIMITED : rule.times());
            this.until = rule.duration() == null ? null : now.plus(rule.duration());
        }

        /** Whether the rule lets this request through before it starts answering ({@code after}). */
        boolean letsThrough() {
            return toLetThrough.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
        }

        boolean tryUse(Instant now) {
            if (until != null && !now.isBefore(until)) {
                return false;
            }
            int left;
            do {
                left = remaining.get();
                if (left == 0) {
                    return false;
                }
            } while (left != UNLIMITED && !remaining.compareAndSet(left, left - 1));
            return true;
        }

        ThrottleView view() {
            int left = remaining.get();
            return new ThrottleView(id, rule.status(), rule.reason(), rule.retryAfter(), left == UNLIMITED ? null : left, until);
        }
    }

    private static final class Traffic {
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger highest = new AtomicInteger();
        private final List<Throttle> throttles = new CopyOnWriteArrayList<>();
        private final AtomicInteger replayPages = new AtomicInteger();
        private volatile Integer limit;
        private volatile boolean limitSet;
    }

    private final Map<Key, Traffic> traffic = new ConcurrentHashMap<>();
    private final SandboxClock clock;
    private final CalendarConfig config;

    CalendarTraffic(SandboxClock clock, CalendarConfig config) {
        this.clock = clock;
        this.config = config;
    }

    /** Counts a request in flight; {@code false} when that puts the account over its limit. Pair with {@link #leave}. */
    public boolean enter(Provider provider, String account) {
        Traffic state = of(provider, account);
        int now = state.inFlight.incrementAndGet();
        state.highest.accumulateAndGet(now, Math::max);
        Integer limit = limit(provider, state);
        return limit == null || now <= limit;
    }

    public void leave(Provider provider, String account) {
        // never below 0: a reset may have dropped the count this request was in
        of(provider, account).inFlight.updateAndGet(count -> Math.max(0, count - 1));
    }

    /** Takes one use of the oldest rule in force, if any; rules used up or past their time are dropped. */
    public Optional<ThrottleRule> takeThrottle(Provider provider, String account) {
        Traffic state = traffic.get(new Key(provider, account));
        if (state == null || state.throttles.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.now();
        for (Throttle throttle : state.throttles) {
            if (throttle.letsThrough()) {
                continue;
            }
            if (throttle.tryUse(now)) {
                return Optional.of(throttle.rule);
            }
            state.throttles.remove(throttle);
        }
        return Optional.empty();
    }

    public ThrottleView addThrottle(Provider provider, String account, ThrottleRule rule) {
        Throttle throttle = new Throttle(rule, clock.now());
        of(provider, account).throttles.add(throttle);
        LOG.infof("Calendar throttle added: provider=%s account=%s id=%s %s", provider.prefix(), account, throttle.id, rule);
        return throttle.view();
    }

    public List<ThrottleView> throttles(Provider provider, String account) {
        return of(provider, account).throttles.stream().map(Throttle::view).toList();
    }

    public void clearThrottles(Provider provider, String account) {
        of(provider, account).throttles.clear();
    }

    public Concurrency concurrency(Provider provider, String account) {
        Traffic state = of(provider, account);
        return new Concurrency(limit(provider, state), state.inFlight.get(), state.highest.get());
    }

    /** @param limit {@code null} for none; the configured one comes back with the account's reset */
    public Concurrency setLimit(Provider provider, String account, Integer limit) {
        Traffic state = of(provider, account);
        state.limit = limit;
        state.limitSet = true;
        return concurrency(provider, account);
    }

    /** Graph: the account's next {@code pages} delta pages also carry the items of the page sent before. */
    public void addReplays(Provider provider, String account, int pages) {
        of(provider, account).replayPages.addAndGet(pages);
    }

    public boolean takeReplay(Provider provider, String account) {
        AtomicInteger pages = of(provider, account).replayPages;
        return pages.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
    }

    public void forget(Provider provider, String account) {
        traffic.remove(new Key(provider, account));
    }

    private Integer limit(Provider provider, Traffic state) {
        if (state.limitSet) {
            return state.limit;
        }
        int configured = provider == Provider.GOOGLE ? config.google().concurrencyLimit() : config.graph().concurrencyLimit();
        return configured > 0 ? configured : null;
    }

    private Traffic of(Provider provider, String account) {
        return traffic.computeIfAbsent(new Key(provider, account), key -> new Traffic());
    }

    void reset(@Observes CalendarReset reset) {
        traffic.clear();
    }
}
