package com.crm.integrations.sandbox.calendar;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.crm.integrations.sandbox.provider.Provider;

/**
 * One account's calendars at one provider (the primary one first), the account's change sequence and its sync-state
 * generation: expiring the account's sync tokens moves the generation, and every token of an older one is refused. Not
 * thread-safe: {@code CalendarStore} hands it out under its lock.
 */
public final class CalendarAccount {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Provider provider;
    private final String account;
    private final Map<String, StoredCalendar> calendars = new LinkedHashMap<>();
    private final byte[] salt = new byte[16];
    private long seq;
    private long generation;

    public CalendarAccount(Provider provider, String account) {
        this.provider = provider;
        this.account = account;
        RANDOM.nextBytes(salt);
        // Random, so that a token from before a reset never matches the account made after it.
        this.generation = RANDOM.nextLong() & 0xFFFF_FFFF_FFFFL;
    }

    public Provider provider() {
        return provider;
    }

    public String account() {
        return account;
    }

    /** The next change's sequence number. */
    public long nextSeq() {
        return ++seq;
    }

    /** The last change's sequence number. */
    public long seq() {
        return seq;
    }

    public long generation() {
        return generation;
    }

    /** Every sync token, delta token and page of an incremental listing handed out so far is refused from now on. */
    public void expireSyncState() {
        generation++;
    }

    /** 16 bytes that start this account's Graph change keys. */
    public byte[] salt() {
        return salt.clone();
    }

    public void add(StoredCalendar calendar) {
        calendars.put(calendar.id(), calendar);
    }

    public StoredCalendar primary() {
        return calendars.values().iterator().next();
    }

    public Optional<StoredCalendar> calendar(String id) {
        return Optional.ofNullable(calendars.get(id));
    }

    public Collection<StoredCalendar> calendars() {
        return Collections.unmodifiableCollection(calendars.values());
    }
}
