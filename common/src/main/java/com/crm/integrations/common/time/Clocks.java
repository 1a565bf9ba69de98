package com.crm.integrations.common.time;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

/**
 * The clock every time decision of a service reads: the system's, in UTC. A default bean, so that a test's
 * {@code @Alternative} clock (moved forward to let days pass) replaces it everywhere.
 */
public class Clocks {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
