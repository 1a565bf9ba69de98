package com.crm.integrations.sandbox.provider;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/** A consent page shown and not yet answered: single use, expires with the code lifetime. */
public final class PendingConsent {

    private final String id;
    private final AuthorizationRequest request;
    private final Instant expiresAt;
    private final AtomicBoolean answered = new AtomicBoolean();

    public PendingConsent(String id, AuthorizationRequest request, Instant expiresAt) {
        this.id = id;
        this.request = request;
        this.expiresAt = expiresAt;
    }

    public String id() {
        return id;
    }

    public AuthorizationRequest request() {
        return request;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    /** Takes the one answer this consent accepts. */
    public boolean answer() {
        return answered.compareAndSet(false, true);
    }
}
