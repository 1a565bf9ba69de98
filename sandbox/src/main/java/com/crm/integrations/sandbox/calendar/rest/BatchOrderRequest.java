package com.crm.integrations.sandbox.calendar.rest;

/** The JSON body of {@code PUT /control/calendar/{provider}/batch-order}: {@code request}, {@code reversed} or {@code shuffled}, and the shuffle's seed. */
public record BatchOrderRequest(String order, Long seed) {
}
