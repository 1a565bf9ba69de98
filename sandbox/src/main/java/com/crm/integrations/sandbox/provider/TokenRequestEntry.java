package com.crm.integrations.sandbox.provider;

/**
 * One request that reached a stand-in's token endpoint, as {@code GET /control/{provider}/token-requests} lists it. No
 * secret: neither the form nor the client's credentials.
 *
 * @param at when it arrived, epoch milliseconds of the real clock (before any latency rule held it back)
 * @param grantType its {@code grant_type} when one of the known ones, {@code other} for any other value, {@code null}
 *        when it carried none or a fault rule answered it before its form was read
 * @param status the HTTP status it was answered with; {@code null} when the client went away first
 * @param faulted whether a fault rule answered it instead of the stand-in
 */
public record TokenRequestEntry(long at, String grantType, Integer status, boolean faulted) {
}
