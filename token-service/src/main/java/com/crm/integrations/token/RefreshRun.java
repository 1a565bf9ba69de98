package com.crm.integrations.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.crm.integrations.common.events.payload.WireNamed;

/**
 * A refresh run: one cycle of refreshing due tokens, scheduled or asked for, over every connection or a
 * scope (one provider, one tenant). Every replica works on every running run.
 *
 * @param window         a token expiring within this is due
 * @param windowExplicit asked for with this window: every token expiring within it is due; otherwise a
 *                       token is due only within the window and within its lifetime fraction as well
 * @param includeMisconfigured the run also takes the scope's {@code misconfigured} connections, each once whatever
 *                       its expiry and retry time (an operator fixed the provider's app); scheduled runs never do
 */
public record RefreshRun(UUID id, Trigger trigger, String requestedBy, Optional<String> provider, Optional<String> tenantId,
        Duration window, boolean windowExplicit, boolean includeMisconfigured, Status status, Instant startedAt,
        Optional<Instant> finishedAt, Optional<String> error) {

    /** The scope two running runs may not share: {@code *}, {@code provider:p}, {@code tenant:t} or both. */
    public static String scope(Optional<String> provider, Optional<String> tenantId) {
        if (provider.isEmpty() && tenantId.isEmpty()) {
            return "*";
        }
        String byProvider = provider.map(p -> "provider:" + p).orElse("");
        String byTenant = tenantId.map(t -> "tenant:" + t).orElse("");
        return byProvider.isEmpty() || byTenant.isEmpty() ? byProvider + byTenant : byProvider + "/" + byTenant;
    }

    public String scope() {
        return scope(provider, tenantId);
    }

    /** What started a run. */
    public enum Trigger implements WireNamed {
        SCHEDULE("schedule"), OPERATOR("operator"), CLI("cli");

        private final String wireName;

        Trigger(String wireName) {
            this.wireName = wireName;
        }

        @Override
        public String wireName() {
            return wireName;
        }
    }

    public enum Status implements WireNamed {
        RUNNING("running"), COMPLETED("completed"), FAILED("failed");

        private final String wireName;

        Status(String wireName) {
            this.wireName = wireName;
        }

        @Override
        public String wireName() {
            return wireName;
        }
    }
}
