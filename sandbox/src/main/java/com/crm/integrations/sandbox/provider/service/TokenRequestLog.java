package com.crm.integrations.sandbox.provider.service;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.control.SandboxReset;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.TokenRequestEntry;

/**
 * The requests each stand-in's token endpoint received since start or the last reset, for tests of a client's rate
 * limit and backoff: the last {@link #CAPACITY} per provider, the older ones counted as dropped. Appending takes a
 * short lock per provider; it never waits on anything else.
 */
@Singleton
public class TokenRequestLog {

    public static final int CAPACITY = 100_000;

    /** The entries kept, in arrival order, and how many older ones were dropped. */
    public record Listing(List<TokenRequestEntry> requests, long dropped) {
    }

    private static final class Ring {
        private final ArrayDeque<TokenRequestEntry> entries = new ArrayDeque<>();
        private long dropped;
    }

    private final Map<Provider, Ring> rings = new EnumMap<>(Provider.class);

    TokenRequestLog() {
        for (Provider provider : Provider.values()) {
            rings.put(provider, new Ring());
        }
    }

    public void record(Provider provider, TokenRequestEntry entry) {
        Ring ring = rings.get(provider);
        synchronized (ring) {
            if (ring.entries.size() == CAPACITY) {
                ring.entries.pollFirst();
                ring.dropped++;
            }
            ring.entries.addLast(entry);
        }
    }

    /** @param since epoch milliseconds: only requests that arrived then or later */
    public Listing list(Provider provider, long since) {
        Ring ring = rings.get(provider);
        List<TokenRequestEntry> kept;
        long dropped;
        synchronized (ring) {
            kept = new ArrayList<>(ring.entries);
            dropped = ring.dropped;
        }
        // Recorded when answered: a slow request may follow a later, quicker one.
        kept.removeIf(entry -> entry.at() < since);
        kept.sort(Comparator.comparingLong(TokenRequestEntry::at));
        return new Listing(kept, dropped);
    }

    void reset(@Observes SandboxReset reset) {
        rings.values().forEach(ring -> {
            synchronized (ring) {
                ring.entries.clear();
                ring.dropped = 0;
            }
        });
    }
}
