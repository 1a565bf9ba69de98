package com.crm.integrations.sandbox.calendar.service;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.calendar.CalendarAccount;
import com.crm.integrations.sandbox.calendar.Item;
import com.crm.integrations.sandbox.calendar.StoredCalendar;
import com.crm.integrations.sandbox.provider.service.SandboxClock;

/**
 * The paging both providers share (Google's page and sync tokens, Graph's skip and delta tokens): a listing's first page
 * takes a snapshot, its page tokens read it, its last page carries a token for the changes made after it. The provider
 * words the refusals. Callers hold the account's lock.
 */
@Singleton
public class SyncPaging {

    private final Listings listings;
    private final SandboxClock clock;

    SyncPaging(Listings listings, SandboxClock clock) {
        this.listings = listings;
        this.clock = clock;
    }

    /** The first page of a new listing of {@code items}, a snapshot of the calendar as it is now. */
    public Listings.Page open(CalendarAccount account, StoredCalendar calendar, List<Item> items, boolean incremental, SyncState context,
            int pageSize) {
        return listings.open(owner(account, calendar), items, account.seq(), account.generation(), incremental, context, pageSize);
    }

    /**
     * The page a page token names.
     *
     * @param unknown the provider's refusal of a token it never issued or no longer keeps
     * @param expired its refusal of a page of changes whose sync state has since expired
     */
    public Listings.Page next(CalendarAccount account, StoredCalendar calendar, String pageToken, int pageSize,
            Supplier<RuntimeException> unknown, Supplier<RuntimeException> expired) {
        Listings.Page page = listings.next(pageToken, owner(account, calendar), pageSize).orElseThrow(unknown);
        if (page.listing().incremental() && page.listing().generation() != account.generation()) {
            throw expired.get();
        }
        return page;
    }

    /** The state a sync or delta token stands for, while it is usable for this calendar. */
    public SyncState since(CalendarAccount account, StoredCalendar calendar, String token, Optional<Duration> lifetime,
            Supplier<RuntimeException> expired) {
        return SyncState.decode(token).filter(state -> state.usableFor(account, calendar.id(), lifetime, clock.now())).orElseThrow(expired);
    }

    /** On a listing's last page, the token for the changes made after its snapshot; {@code null} on the others. */
    public String syncToken(Listings.Page page) {
        if (page.nextToken() != null) {
            return null;
        }
        Listings.Listing listing = page.listing();
        return listing.context().at(listing.owner().calendarId(), listing.seq(), listing.generation(), clock.now()).encode();
    }

    private static Listings.Owner owner(CalendarAccount account, StoredCalendar calendar) {
        return new Listings.Owner(account.provider(), account.account(), calendar.id());
    }
}
