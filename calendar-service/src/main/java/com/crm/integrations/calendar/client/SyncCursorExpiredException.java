package com.crm.integrations.calendar.client;

/**
 * The provider no longer knows the stored cursor (Google 410 {@code fullSyncRequired} or
 * {@code updatedMinTooLongAgo}, Graph 410 {@code syncStateNotFound}): only a full listing goes on.
 */
public class SyncCursorExpiredException extends RuntimeException {

    public SyncCursorExpiredException(String provider, String providerCode) {
        super(provider + " no longer knows the sync cursor (" + providerCode + "): a full listing is required", null, false, false);
    }
}
