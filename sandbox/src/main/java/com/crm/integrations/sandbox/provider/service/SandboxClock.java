package com.crm.integrations.sandbox.provider.service;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.control.SandboxReset;

/**
 * The time the stand-ins judge expiry by (consent pages, codes, access tokens, Mapbox tokens): the real time plus an
 * offset a test moves forward with {@code POST /control/clock}, so that "the code has expired" needs no waiting.
 * Tokens are stamped ({@code iat}, {@code exp}) with the real time.
 */
@Singleton
public class SandboxClock {

    private static final Logger LOG = Logger.getLogger(SandboxClock.class);

    private final AtomicLong offsetSeconds = new AtomicLong();

    public Instant now() {
        return Instant.now().plusSeconds(offsetSeconds.get());
    }

    /** @return the offset now in force */
    public Duration advance(Duration by) {
        long offset = offsetSeconds.addAndGet(by.toSeconds());
        LOG.infof("Sandbox clock advanced by %ds: offset now %ds", by.toSeconds(), offset);
        return Duration.ofSeconds(offset);
    }

    public Duration offset() {
        return Duration.ofSeconds(offsetSeconds.get());
    }

    void reset(@Observes SandboxReset reset) {
        offsetSeconds.set(0);
    }
}
