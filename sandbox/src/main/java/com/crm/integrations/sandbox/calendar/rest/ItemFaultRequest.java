package com.crm.integrations.sandbox.calendar.rest;

/**
 * The JSON body of {@code POST …/item-faults}: see {@link com.crm.integrations.sandbox.calendar.ItemFaultRule}.
 *
 * @param fraction of the requests covered that fail, more than 0 and at most 1
 * @param seed of the draws (absent: a random one, shown in the answer)
 * @param times at most this many faults (absent: unlimited)
 * @param when {@code before} (default) or {@code after} the request's work
 * @param singleCalls single calls too, not only batches' inner requests (absent: false)
 */
public record ItemFaultRequest(Double fraction, Integer status, String reason, String retryAfter, Long seed, Integer times, String when,
        Boolean singleCalls) {
}
