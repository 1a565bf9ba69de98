package com.crm.integrations.sandbox.calendar;

import com.crm.integrations.sandbox.provider.Provider;

/** Whom a calendar API request speaks for: the account of the access token it carried, checked at the gate. */
public record CalendarCaller(Provider provider, String account) {
}
