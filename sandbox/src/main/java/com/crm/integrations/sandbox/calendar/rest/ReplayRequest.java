package com.crm.integrations.sandbox.calendar.rest;

/** The JSON body of {@code POST /control/calendar/microsoft/accounts/{account}/replays}: how many delta pages replay. */
public record ReplayRequest(Integer pages) {
}
