package com.crm.integrations.sandbox.calendar.service;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.calendar.CalendarReset;
import com.crm.integrations.sandbox.calendar.config.CalendarConfig;
import com.crm.integrations.sandbox.provider.Provider;

/**
 * Every request the calendar stand-ins received since start or reset, per provider, numbered in arrival order: for tests
 * that check what a client sent (paths, {@code Prefer}, {@code If-Match}) and how it paced itself. Entries are listed
 * from arrival on; their status fills in when they are answered. No credential is kept: only whether
 * {@code Authorization} was present. The last {@code sandbox.calendar.request-log-capacity} per provider are kept.
 */
@Singleton
public class CalendarRequestLog {

    /** One request; {@link #answered} fills in the status. */
    public static final class Entry {
        private final long seq;
        private final long at;
        private final String account;
        private final String method;
        private final String path;
        private final String query;
        private final String prefer;
        private final String ifMatch;
        private final boolean authorization;
        private final Long batch;
        private final String item;
        private volatile Integer status;
        private volatile boolean faulted;

        Entry(long seq, Arrival arrival) {
            this.seq = seq;
            this.at = System.currentTimeMillis();
            this.account = arrival.account();
            this.method = arrival.method();
            this.path = arrival.path();
            this.query = arrival.query();
            this.prefer = arrival.prefer();
            this.ifMatch = arrival.ifMatch();
            this.authorization = arrival.authorization();
            this.batch = arrival.batch();
            this.item = arrival.item();
        }

        /** Its number, in arrival order. */
        public long seq() {
            return seq;
        }

        /** @param answeredStatus {@code null} when the client went away first */
        public void answered(Integer answeredStatus, boolean byFaultRule) {
            this.status = answeredStatus;
            this.faulted = byFaultRule;
        }

        EntryView view() {
            return new EntryView(seq, at, account, method, path, query, prefer, ifMatch, authorization, batch, item, status, faulted);
        }
    }

    /**
     * A request as it arrived.
     *
     * @param account the account of its access token; {@code null} when it had no valid one
     * @param authorization whether it carried an {@code Authorization} header
     * @param batch for an inner request of a batch, the batch's own number in this log; else {@code null}
     * @param item for an inner request, its {@code Content-ID} (Google, as sent) or {@code id} (Graph)
     */
    public record Arrival(String account, String method, String path, String query, String prefer, String ifMatch, boolean authorization,
            Long batch, String item) {

        /** A single call, or a batch itself. */
        public static Arrival single(String account, String method, String path, String query, String prefer, String ifMatch,
                boolean authorization) {
            return new Arrival(account, method, path, query, prefer, ifMatch, authorization, null, null);
        }
    }

    /**
     * As the control API shows it.
     *
     * @param at arrival, epoch milliseconds of the real clock, before any latency rule held it back
     * @param status {@code null} while unanswered or when the client went away
     * @param faulted a fault rule ({@code /control/faults}) or an item-fault rule answered it
     */
    public record EntryView(long seq, long at, String account, String method, String path, String query, String prefer, String ifMatch,
            boolean authorization, Long batch, String item, Integer status, boolean faulted) {
    }

    /** @param last the number of the last request received, to pass as the next {@code since} */
    public record Listing(List<EntryView> requests, long last, long dropped) {
    }

    private static final class Ring {
        private final ArrayDeque<Entry> entries = new ArrayDeque<>();
        private long seq;
        private long dropped;
    }

    private final Map<Provider, Ring> rings = new EnumMap<>(Provider.class);
    private final int capacity;

    CalendarRequestLog(CalendarConfig config) {
        this.capacity = config.requestLogCapacity();
        rings.put(Provider.GOOGLE, new Ring());
        rings.put(Provider.MICROSOFT, new Ring());
    }

    public Entry open(Provider provider, Arrival arrival) {
        Ring ring = rings.get(provider);
        synchronized (ring) {
            Entry entry = new Entry(++ring.seq, arrival);
            if (ring.entries.size() >= capacity) {
                ring.entries.pollFirst();
                ring.dropped++;
            }
            ring.entries.addLast(entry);
            return entry;
        }
    }

    /** @param account only this account's requests; {@code null} for all, unauthenticated ones included */
    public Listing list(Provider provider, String account, long since) {
        Ring ring = rings.get(provider);
        List<EntryView> views = new ArrayList<>();
        synchronized (ring) {
            for (Entry entry : ring.entries) {
                if (entry.seq > since && (account == null || account.equals(entry.account))) {
                    views.add(entry.view());
                }
            }
            return new Listing(views, ring.seq, ring.dropped);
        }
    }

    void reset(@Observes CalendarReset reset) {
        rings.values().forEach(ring -> {
            synchronized (ring) {
                ring.entries.clear();
                ring.dropped = 0;
            }
        });
    }
}
