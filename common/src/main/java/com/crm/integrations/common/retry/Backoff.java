package com.crm.integrations.common.retry;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * the pause before attempt {@code n + 1} is uniform between {@code min} and
 * {@code min(max, min · 2^(n-1))}, so many clients that failed together do not retry together.
 */
public final class Backoff {

    private Backoff() {
    }

    /**
     * @param failures how many attempts failed so far (1 for the first pause)
     * @param random   a uniform draw in {@code [0, bound)} for a given bound (e.g.
     *                 {@code bound -> ThreadLocalRandom.current().nextLong(bound)})
     */
    public static Duration fullJitter(int failures, Duration min, Duration max, LongUnaryOperator random) {
        if (failures < 1) {
            throw new IllegalArgumentException("A pause follows at least one failure");
        }
        long floor = Math.max(1, min.toMillis());
        long ceiling = Math.max(floor, max.toMillis());
        long cap = floor << Math.min(failures - 1, 30);
        cap = cap <= 0 ? ceiling : Math.min(ceiling, cap);
        return Duration.ofMillis(floor + random.applyAsLong(cap - floor + 1));
    }
}
