package com.crm.integrations.calendar.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import com.crm.integrations.common.retry.HttpGuardConfig;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * calendar-service's settings, {@code integrations.calendar.*}; docs/calendar-sync.md describes each. The calls to
 * token-service are common's ({@code integrations.token-service.*}, {@code TokenServiceClientConfig}).
 */
@ConfigMapping(prefix = "integrations.calendar")
public interface CalendarConfig {

    /** Google Calendar API v3. */
    Provider google();

    /** Microsoft Graph. */
    Provider microsoft();

    /** When and how links sync. */
    Sync sync();

    /** How the CRM's commands are carried out. */
    Commands commands();

    /** How batch jobs run. */
    Batches batches();

    interface Provider {

        /** The API's base URL: Google {@code https://www.googleapis.com/calendar/v3}, Graph {@code https://graph.microsoft.com/v1.0}. */
        URI baseUrl();

        /** Events per listing page asked for (Google {@code maxResults}, at most 2500; Graph {@code odata.maxpagesize}). */
        @Min(1)
        @Max(2500)
        int pageSize();

        /**
         * Calls per batch request. Google: default 50, at most 1,000 (larger batches draw rateLimitExceeded per call);
         * Graph: default and at most 20.
         */
        Optional<@Min(1) @Max(1000) Integer> batchSize();

        /**
         * Google's batch endpoint; default: the base URL with {@code /batch} before its {@code /calendar/v3}
         * ({@code https://www.googleapis.com/batch/calendar/v3}). Graph batches at {@code <base-url>/$batch}.
         */
        Optional<URI> batchUrl();

        /** Calls in flight per user mailbox, across all replicas. Defaults to 4 (Graph's limit per app and mailbox). */
        @WithDefault("4")
        @Min(1)
        int mailboxConcurrency();

        /** Timeouts, retries and breaker of this provider's calls. */
        HttpGuardConfig http();
    }

    interface Sync {

        /** Whether this replica claims and runs due links. Defaults to true. */
        @WithDefault("true")
        boolean enabled();

        /** How often each active link syncs. Defaults to 5 min. */
        @WithDefault("5m")
        Duration interval();

        /** How often a replica looks for due links and resumable runs. Defaults to 2 s. */
        @WithDefault("2s")
        Duration pollInterval();

        /** Links one replica syncs at once. Defaults to 8. */
        @WithDefault("8")
        @Min(1)
        int concurrency();

        /** How long a claimed link stays this replica's without being renewed. Defaults to 2 min. */
        @WithDefault("2m")
        Duration lease();

        /**
         * A full listing may delete at most this share of the events the link held in the window before it;
         * above it the run halts. Defaults to 0.5.
         */
        @WithDefault("0.5")
        @DecimalMin("0.0")
        @DecimalMax("1.0")
        double massDeleteShare();

        /** The guard applies to links with at least this many stored events. Defaults to 10. */
        @WithDefault("10")
        @Min(0)
        int massDeleteMinimum();

        /** A full listing re-baselines every link this often (the window slides daily). Defaults to 24 h. */
        @WithDefault("24h")
        Duration rebaselineAfter();

        /** The first pause after a failed sync; doubles per consecutive failure, with jitter. Defaults to 30 s. */
        @WithDefault("30s")
        Duration backoffMin();

        /** The longest pause after failed syncs. Defaults to 30 min. */
        @WithDefault("30m")
        Duration backoffMax();

        /** Finished sync runs are kept this long. Defaults to 7 days. */
        @WithDefault("7d")
        Duration runRetention();
    }

    interface Commands {

        /** Whether this replica carries out stored commands. Defaults to true. */
        @WithDefault("true")
        boolean enabled();

        /** How often a replica looks for due commands (a stored command also wakes it at once). Defaults to 1 s. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Commands one replica carries out at once (each within its user's mailbox concurrency). Defaults to 16. */
        @WithDefault("16")
        @Min(1)
        int concurrency();

        /** How long a claimed command stays this replica's. Defaults to 2 min. */
        @WithDefault("2m")
        Duration lease();

        /**
         * A command not carried out this long after it arrived (the provider kept failing, the link stayed paused,
         * the user connected no calendar) fails for good. Defaults to 24 h.
         */
        @WithDefault("24h")
        Duration giveUpAfter();

        /** The first pause after a failed attempt; doubles per attempt, with jitter. Defaults to 1 s. */
        @WithDefault("1s")
        Duration backoffMin();

        /** The longest pause between attempts. Defaults to 5 min. */
        @WithDefault("5m")
        Duration backoffMax();

        /** How often a command for a user without a calendar link looks again (a new link also wakes it). Defaults to 5 min. */
        @WithDefault("5m")
        Duration linkWaitInterval();

        /** Finished commands, and so their ids, are kept this long: a repeat within it is recognised. Defaults to 30 days. */
        @WithDefault("30d")
        Duration retention();
    }

    interface Batches {

        /** Whether this replica sends the items of stored jobs. Defaults to true. */
        @WithDefault("true")
        boolean enabled();

        /** How often a replica looks for jobs with due items (a stored job also wakes it at once). Defaults to 1 s. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Jobs one replica drives at once (each one provider batch at a time, within its user's mailbox). Defaults to 8. */
        @WithDefault("8")
        @Min(1)
        int concurrency();

        /** How long a claimed group of items stays this replica's. Defaults to 2 min. */
        @WithDefault("2m")
        Duration lease();

        /**
         * An item still failing for a passing reason (throttled, the provider failing) this long after its job was stored
         * fails, retryable ({@code POST /calendar/batches/{id}/retries}). Defaults to 1 h.
         */
        @WithDefault("1h")
        Duration giveUpAfter();

        /** How often a progress stream sends a heartbeat (an SSE comment) between steps. Defaults to 15 s. */
        @WithDefault("15s")
        Duration heartbeat();

        /** Finished jobs, their items and progress are kept this long. Defaults to 30 days. */
        @WithDefault("30d")
        Duration retention();
    }
}
