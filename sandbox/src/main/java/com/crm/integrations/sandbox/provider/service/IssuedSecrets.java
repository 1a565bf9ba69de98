package com.crm.integrations.sandbox.provider.service;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.control.SandboxReset;

/**
 * Every secret the stand-ins issued since start or reset (codes, access, refresh and id tokens, API keys, Mapbox
 * tokens), for tests that scan databases, logs and topics for leaks.
 */
@Singleton
public class IssuedSecrets {

    private final Queue<String> secrets = new ConcurrentLinkedQueue<>();

    /** @return {@code secret}, for chaining */
    public String record(String secret) {
        secrets.add(secret);
        return secret;
    }

    public List<String> all() {
        return List.copyOf(secrets);
    }

    void reset(@Observes SandboxReset reset) {
        secrets.clear();
    }
}
