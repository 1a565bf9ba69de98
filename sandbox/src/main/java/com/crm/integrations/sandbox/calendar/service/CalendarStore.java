package com.crm.integrations.sandbox.calendar.service;

import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.calendar.CalendarAccount;
import com.crm.integrations.sandbox.calendar.CalendarReset;
import com.crm.integrations.sandbox.calendar.Recurrence;
import com.crm.integrations.sandbox.calendar.StoredCalendar;
import com.crm.integrations.sandbox.calendar.config.CalendarConfig;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.service.SandboxClock;

/**
 * Every account's calendars, per provider, in memory. Work on an account runs under that account's lock, so each call
 * sees and leaves it consistent; accounts do not wait for each other. An account and its primary calendar are made on
 * first use.
 */
@Singleton
public class CalendarStore {

    private static final Logger LOG = Logger.getLogger(CalendarStore.class);

    private record Key(Provider provider, String account) {
    }

    private final Map<Key, CalendarAccount> accounts = new ConcurrentHashMap<>();
    private final SandboxClock clock;
    private final ZoneId defaultZone;
    private final Recurrence.Limits limits;

    CalendarStore(SandboxClock clock, CalendarConfig config) {
        this.clock = clock;
        this.defaultZone = ZoneId.of(config.defaultTimeZone());
        this.limits = new Recurrence.Limits(config.recurrence().maxOccurrences(), config.recurrence().horizonDays());
    }

    /** Runs {@code work} on the account under its lock. */
    public <T> T withAccount(Provider provider, String account, Function<CalendarAccount, T> work) {
        CalendarAccount state = accounts.computeIfAbsent(new Key(provider, account), this::create);
        synchronized (state) {
            return work.apply(state);
        }
    }

    /** The zone of calendars made without one. */
    public ZoneId defaultZone() {
        return defaultZone;
    }

    /** How far series are expanded. */
    public Recurrence.Limits limits() {
        return limits;
    }

    /** Forgets one account's calendars; it starts again empty, and its earlier tokens are refused. */
    public void forget(Provider provider, String account) {
        accounts.remove(new Key(provider, account));
        LOG.infof("Calendar account reset: provider=%s account=%s", provider.prefix(), account);
    }

    private CalendarAccount create(Key key) {
        CalendarAccount account = new CalendarAccount(key.provider(), key.account());
        account.add(new StoredCalendar(CalendarIds.primaryCalendarId(key.provider(), key.account()),
                CalendarIds.primaryCalendarName(key.provider(), key.account()), defaultZone, true, clock.now()));
        return account;
    }

    void reset(@Observes CalendarReset reset) {
        accounts.clear();
    }
}
