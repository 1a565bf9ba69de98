package com.crm.integrations.calendar.client;

/** One calendar of the account, as the provider lists it. */
public record ProviderCalendar(String id, String name, boolean primary, boolean canWrite) {
}
