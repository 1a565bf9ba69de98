package com.crm.integrations.sandbox.provider;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** A refresh token, the number of refresh requests that presented it, and whether a rotation replaced it. */
public final class RefreshToken {

    /** As {@code GET /control/{provider}/refresh-tokens} shows it. */
    public enum State {
        ACTIVE, ROTATED, REVOKED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final long sequence;
    private final String value;
    private final Grant grant;
    private final AtomicInteger uses = new AtomicInteger();
    private final AtomicBoolean rotated = new AtomicBoolean();

    public RefreshToken(long sequence, String value, Grant grant) {
        this.sequence = sequence;
        this.value = value;
        this.grant = grant;
    }

    /** Issue order. */
    public long sequence() {
        return sequence;
    }

    public String value() {
        return value;
    }

    public Grant grant() {
        return grant;
    }

    public int uses() {
        return uses.get();
    }

    /** Counts one refresh request that presented it, refused or not. */
    public void use() {
        uses.incrementAndGet();
    }

    /** Marks it replaced by its successor; false when another request rotated it first. */
    public boolean rotate() {
        return rotated.compareAndSet(false, true);
    }

    public State state() {
        if (rotated.get()) {
            return State.ROTATED;
        }
        return grant.revoked() ? State.REVOKED : State.ACTIVE;
    }

    @Override
    public String toString() {
        return "RefreshToken[grant=" + grant.id() + ", uses=" + uses + ", state=" + state() + "]";
    }
}
