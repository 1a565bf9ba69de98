package com.crm.integrations.sandbox.calendar.rest;

/** The JSON body of {@code PUT …/concurrency}: requests in flight at once before 429; {@code null} or 0 for none. */
public record LimitRequest(Integer limit) {
}
