package com.crm.integrations.token.service;

import java.time.Instant;
import java.util.UUID;

import com.crm.integrations.common.problem.ConflictException;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.token.Connection;

/** A connection's token cannot be handed out until someone acts: revoked, the user must reconnect, or an operator must fix the provider (409). */
public class ConnectionUnusableException extends ConflictException {

    private ConnectionUnusableException(String message) {
        super(message);
    }

    public static ConnectionUnusableException revoked(UUID id) {
        return new ConnectionUnusableException("Connection " + id + " is revoked");
    }

    public static ConnectionUnusableException needsReauth(UUID id) {
        return new ConnectionUnusableException("Connection " + id + " is needs_reauth: the user must reconnect");
    }

    /** The last refresh failed for good and the next attempt is not allowed yet. */
    public static ConnectionUnusableException failedUntil(Connection connection, Instant nextAttempt) {
        String status = connection.status().wireName();
        return new ConnectionUnusableException("Connection " + connection.id() + " is " + status + " (the last refresh failed: "
                + connection.lastErrorCode().orElse(status) + "); the next attempt is allowed at " + nextAttempt
                + ": an operator must fix the provider's configuration");
    }

    /** A refresh just failed in a way retrying does not fix. */
    public static ConnectionUnusableException cannotRefresh(UUID id, FailureCategory category, String providerCode) {
        return new ConnectionUnusableException("The token of connection " + id + " cannot be refreshed (" + category.wireName()
                + (providerCode == null ? "" : ", " + providerCode) + "): "
                + ConnectionEvents.action(category).wireName().replace('_', ' '));
    }

    /** The connection's provider lost its OAuth configuration. */
    public static ConnectionUnusableException providerNotConfigured(String provider) {
        return new ConnectionUnusableException("Provider " + provider + " is no longer configured for OAuth: an operator must restore it");
    }
}
