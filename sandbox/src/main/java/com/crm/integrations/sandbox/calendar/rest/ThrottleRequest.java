package com.crm.integrations.sandbox.calendar.rest;

/**
 * The JSON body of {@code POST …/throttles}: see {@link com.crm.integrations.sandbox.calendar.ThrottleRule#of}.
 *
 * @param times how many requests it answers (absent: unlimited)
 * @param seconds how long it is in force, by the sandbox clock (absent: until removed)
 * @param after how many of the account's requests it lets through first (absent: none), e.g. 1 to fail the second page
 */
public record ThrottleRequest(Integer status, String reason, String retryAfter, Integer times, Long seconds, Integer after) {
}
