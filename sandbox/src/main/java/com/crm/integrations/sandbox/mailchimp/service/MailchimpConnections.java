package com.crm.integrations.sandbox.mailchimp.service;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.mailchimp.MailchimpReset;
import com.crm.integrations.sandbox.mailchimp.config.MailchimpConnectionsConfig;

/**
 * Mailchimp's "10 simultaneous connections" per account (PROVIDERS.md §5.4): the Marketing API requests of each account
 * in flight (every API key and OAuth token of the account together), the most seen at once since the last reset, and
 * the 429s answered, so that a test can assert how many connections a client opens at most. Lock-free: the gate asks on
 * every request.
 */
@Singleton
public class MailchimpConnections {

    private static final Logger LOG = Logger.getLogger(MailchimpConnections.class);
    private static final int MAX_LIMIT = 10_000;

    /** One account's figures; {@code limit} 0: none. */
    public record Usage(String account, int limit, int inFlight, int peak, long tooManyRequests) {
    }

    private static final class Counts {
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger peak = new AtomicInteger();
        private final AtomicLong refused = new AtomicLong();
    }

    private final Map<String, Counts> accounts = new ConcurrentHashMap<>();
    private final int configured;
    private volatile int limit;

    MailchimpConnections(MailchimpConnectionsConfig config) {
        this.configured = checked(config.limit());
        this.limit = configured;
    }

    /** Counts a request of the account in flight; {@code false} when that is more than the limit. Pair with {@link #leave}. */
    public boolean enter(String account) {
        Counts counts = accounts.computeIfAbsent(account, name -> new Counts());
        int now = counts.inFlight.incrementAndGet();
        counts.peak.accumulateAndGet(now, Math::max);
        int max = limit;
        return max == 0 || now <= max;
    }

    public void leave(String account) {
        // never below 0: a request may have entered before a reset dropped its account
        Counts counts = accounts.get(account);
        if (counts != null) {
            counts.inFlight.updateAndGet(count -> Math.max(0, count - 1));
        }
    }

    /** Counts a 429 answered to the account. */
    public void refused(String account) {
        accounts.computeIfAbsent(account, name -> new Counts()).refused.incrementAndGet();
        LOG.infof("Mailchimp API request over the connection limit: account=%s limit=%d", account, limit);
    }

    public int limit() {
        return limit;
    }

    /** The account's figures; zeros for an account never seen. */
    public Usage usage(String account) {
        Counts counts = accounts.get(account);
        return counts == null ? new Usage(account, limit, 0, 0, 0)
                : new Usage(account, limit, counts.inFlight.get(), counts.peak.get(), counts.refused.get());
    }

    /** Every account seen since start or reset, by name. */
    public List<Usage> all() {
        return accounts.keySet().stream().sorted(Comparator.naturalOrder()).map(this::usage).toList();
    }

    /** Peaks start again from the requests in flight now; the 429 counts from zero. */
    public void resetFigures() {
        accounts.values().forEach(counts -> {
            counts.peak.set(counts.inFlight.get());
            counts.refused.set(0);
        });
    }

    /** @param newLimit 0 for none; for requests arriving from now on */
    public int changeLimit(int newLimit) {
        if (newLimit < 0 || newLimit > MAX_LIMIT) {
            throw new InvalidRequestException("limit must be between 0 (none) and " + MAX_LIMIT);
        }
        limit = newLimit;
        LOG.infof("Mailchimp connection limit: %d", newLimit);
        return newLimit;
    }

    /** The configured limit again; accounts with nothing in flight are forgotten, the others' figures start again. */
    void reset(@Observes MailchimpReset reset) {
        limit = configured;
        accounts.values().removeIf(counts -> counts.inFlight.get() == 0);
        resetFigures();
    }

    private static int checked(int limit) {
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalStateException("sandbox.mailchimp.connections.limit must be between 0 (none) and " + MAX_LIMIT);
        }
        return limit;
    }
}
