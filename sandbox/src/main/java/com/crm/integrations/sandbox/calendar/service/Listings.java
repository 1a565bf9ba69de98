package com.crm.integrations.sandbox.calendar.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.calendar.CalendarReset;
import com.crm.integrations.sandbox.calendar.Item;
import com.crm.integrations.sandbox.calendar.config.CalendarConfig;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.service.RandomTokens;
import com.crm.integrations.sandbox.provider.service.SandboxClock;

/**
 * Listings being paged. A listing is a snapshot of the items it shows, taken when its first page is asked for; its page
 * tokens read that snapshot, so that its pages never lose or repeat an item while the calendar changes (what changed
 * meanwhile comes with the next sync token). Snapshots hold immutable event versions; the oldest go when there are too
 * many or they are too old ({@code sandbox.calendar.listings.*}).
 */
@Singleton
public class Listings {

    /** Whose listing it is: a page token works only for the account and calendar it was made for. */
    public record Owner(Provider provider, String account, String calendarId) {
    }

    /**
     * @param seq the account's last change when the snapshot was taken: the next sync token starts there
     * @param generation the account's sync-state generation then
     * @param incremental whether it lists changes since a sync or delta token (expiring those refuses its pages too)
     * @param context what the next sync token must remember (Google's {@code singleEvents}, Graph's window)
     */
    public record Listing(String id, Owner owner, List<Item> items, long seq, long generation, boolean incremental, SyncState context,
            Instant created) {
    }

    /** @param nextToken {@code null} on the last page */
    public record Page(Listing listing, List<Item> items, String nextToken) {
    }

    private final Map<String, Listing> open = new LinkedHashMap<>();
    private final SandboxClock clock;
    private final CalendarConfig.Listings config;

    Listings(SandboxClock clock, CalendarConfig config) {
        this.clock = clock;
        this.config = config.listings();
    }

    /** Takes the snapshot and gives its first page. */
    public Page open(Owner owner, List<Item> items, long seq, long generation, boolean incremental, SyncState context, int pageSize) {
        Listing listing = new Listing(RandomTokens.base64Url(12), owner, List.copyOf(items), seq, generation, incremental, context, clock.now());
        if (items.size() > pageSize) {
            synchronized (open) {
                prune(1);
                open.put(listing.id(), listing);
            }
        }
        return page(listing, 0, pageSize);
    }

    /** The page a token names; empty when the token is malformed, someone else's, or its listing is gone. */
    public Optional<Page> next(String token, Owner owner, int pageSize) {
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        int colon = decoded.lastIndexOf(':');
        if (colon < 1) {
            return Optional.empty();
        }
        Listing listing;
        synchronized (open) {
            prune(0);
            listing = open.get(decoded.substring(0, colon));
        }
        int offset;
        try {
            offset = Integer.parseInt(decoded.substring(colon + 1));
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
        if (listing == null || !listing.owner().equals(owner) || offset < 0 || offset > listing.items().size()) {
            return Optional.empty();
        }
        return Optional.of(page(listing, offset, pageSize));
    }

    /** Drops the snapshots of one account (its reset). */
    public void forget(Provider provider, String account) {
        synchronized (open) {
            open.values().removeIf(listing -> listing.owner().provider() == provider && listing.owner().account().equals(account));
        }
    }

    private static Page page(Listing listing, int offset, int pageSize) {
        int end = Math.min(listing.items().size(), offset + pageSize);
        String next = end < listing.items().size()
                ? Base64.getUrlEncoder().withoutPadding().encodeToString((listing.id() + ":" + end).getBytes(StandardCharsets.UTF_8))
                : null;
        return new Page(listing, listing.items().subList(offset, end), next);
    }

    /** Drops expired snapshots, and the oldest until {@code room} more fit. */
    private void prune(int room) {
        Instant oldest = clock.now().minus(config.lifetime());
        Iterator<Listing> listings = open.values().iterator();
        while (listings.hasNext()) {
            Listing listing = listings.next();
            if (open.size() + room > config.max() || listing.created().isBefore(oldest)) {
                listings.remove();
            } else {
                break; // insertion order: the rest are younger
            }
        }
    }

    void reset(@Observes CalendarReset reset) {
        synchronized (open) {
            open.clear();
        }
    }
}
