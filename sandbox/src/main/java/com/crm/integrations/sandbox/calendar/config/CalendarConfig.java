package com.crm.integrations.sandbox.calendar.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The calendar stand-ins ({@code sandbox.calendar.*}): Google Calendar API v3 and Microsoft Graph's calendar, PROVIDERS.md
 * §2 and §4. Every provider limit defaults to the provider's number; what the providers leave unsaid is marked so.
 */
@ConfigMapping(prefix = "sandbox.calendar")
public interface CalendarConfig {

    /** Time zone of an account's calendars (the primary one, made on first use, and new ones without a zone). Defaults to {@code UTC}. */
    @WithDefault("UTC")
    String defaultTimeZone();

    /** Most events one {@code POST …/events/seed} makes. Defaults to 10000. */
    @WithDefault("10000")
    int maxSeedCount();

    /** Requests kept per provider by the request log; older ones are dropped and counted. Defaults to 50000. */
    @WithDefault("50000")
    int requestLogCapacity();

    /**
     * Batches kept per provider by the batch log ({@code GET /control/calendar/{provider}/batches}), bodies included (a
     * 1,000-event import with faults sends about 100 batches). Defaults to 400.
     */
    @WithDefault("400")
    int batchLogCapacity();

    Recurrences recurrence();

    Listings listings();

    Google google();

    Graph graph();

    /** How far a series is expanded into occurrences (neither provider documents its own bound). */
    interface Recurrences {
        /** Most occurrences of one series. Defaults to 730. */
        @WithDefault("730")
        int maxOccurrences();

        /** Days after a series' first start within which occurrences are made. Defaults to 730. */
        @WithDefault("730")
        long horizonDays();
    }

    /**
     * Listings being paged: each page token reads the listing's snapshot, so pages never lose or repeat an item while the
     * calendar changes.
     */
    interface Listings {
        /** Snapshots kept at once; the oldest goes first. Defaults to 200. */
        @WithDefault("200")
        int max();

        /** How long a snapshot's page tokens work (by the sandbox clock). Defaults to 1 hour. */
        @WithDefault("1h")
        Duration lifetime();
    }

    interface Google {
        /** {@code maxResults} when absent. Defaults to 250 (PROVIDERS.md §8 #11). */
        @WithDefault("250")
        int defaultPageSize();

        /** Largest page; a larger {@code maxResults} is cut to it. Defaults to 2500 (PROVIDERS.md §8 #11). */
        @WithDefault("2500")
        int maxPageSize();

        /** Age after which a sync token gets 410 {@code fullSyncRequired}. Google names none: unset, never. */
        Optional<Duration> syncTokenLifetime();

        /** Requests of one account in flight at once before 429 {@code rateLimitExceeded}; 0 for no limit. Defaults to 0. */
        @WithDefault("0")
        int concurrencyLimit();

        /** Most calls in one HTTP batch; more → 400 for the whole batch. Defaults to 1000 (PROVIDERS.md §8 #9). */
        @WithDefault("1000")
        int batchMaxParts();

        /**
         * A batch's calls in flight at once, against the account's concurrency limit. Google does not say; defaults to 1000
         * (all of a batch at once) [unconf].
         */
        @WithDefault("1000")
        int batchParallelism();
    }

    interface Graph {
        /** Page size without {@code Prefer: odata.maxpagesize}. Defaults to 50 [unconf: not in PROVIDERS.md]. */
        @WithDefault("50")
        int defaultPageSize();

        /** Largest page; a larger {@code odata.maxpagesize} is cut to it. Defaults to 1000 [unconf]. */
        @WithDefault("1000")
        int maxPageSize();

        /** Age after which a delta token gets the sync-state error. Outlook names none (§4.3.5): unset, never. */
        Optional<Duration> deltaTokenLifetime();

        /** HTTP status of an expired delta token. Defaults to 410 (§4.3.5). */
        @WithDefault("410")
        int syncStateNotFoundStatus();

        /** Error code of an expired delta token; its case varies in practice. Defaults to {@code syncStateNotFound}. */
        @WithDefault("syncStateNotFound")
        String syncStateNotFoundCode();

        /**
         * Zone of {@code start}/{@code end} without {@code Prefer: outlook.timezone}: a zone name, or {@code event} for each
         * event's own zone. Defaults to {@code UTC} (§4.2).
         */
        @WithDefault("UTC")
        String responseTimeZone();

        /** Requests of one mailbox in flight at once before 429 {@code ApplicationThrottled}; 0 for no limit. Defaults to 4 (§8 #21). */
        @WithDefault("4")
        int concurrencyLimit();

        /** {@code Retry-After} of that 429, in seconds. Defaults to 1 [unconf]. */
        @WithDefault("1")
        String concurrencyRetryAfter();

        /** Base of {@code @odata.nextLink} and {@code @odata.deltaLink}; unset: the request's own scheme, host and port. */
        Optional<String> baseUrl();

        /** Status of a create that repeats a {@code transactionId}: 200 or 201. Defaults to 201 (§4.1, unconf). */
        @WithDefault("201")
        int transactionIdRepeatStatus();

        /** How long a {@code transactionId} is remembered. Unset: forever (§4.1, unconf). */
        Optional<Duration> transactionIdMemory();

        /** Most requests in one {@code $batch}; more → 400. Defaults to 20 (§4.4, §8 #20). */
        @WithDefault("20")
        int batchMaxRequests();

        /** A {@code $batch}'s requests executed at once, against the mailbox's concurrency limit. Defaults to 4 (§4.4, §8 #21). */
        @WithDefault("4")
        int batchParallelism();
    }
}
