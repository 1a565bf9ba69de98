package com.crm.integrations.sandbox.calendar.service;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.calendar.CalendarReset;
import com.crm.integrations.sandbox.control.SandboxReset;

/** Passes the sandbox's reset on to the calendar stand-ins, which observe {@link CalendarReset} only. */
@Singleton
public class CalendarResets {

    private final Event<CalendarReset> resets;

    CalendarResets(Event<CalendarReset> resets) {
        this.resets = resets;
    }

    /** {@code POST /control/calendar/reset}: the calendar stand-ins alone. */
    public void resetCalendars() {
        resets.fire(new CalendarReset());
    }

    void sandboxReset(@Observes SandboxReset reset) {
        resetCalendars();
    }
}
