package com.crm.integrations.testing.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for something a child process does on its own time. */
public final class Eventually {

    private Eventually() {
    }

    public static boolean within(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            WorkArea.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
