package com.crm.integrations.mailchimp.config;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import com.crm.integrations.common.retry.HttpGuardConfig;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** mailchimp-service's own settings, {@code integrations.mailchimp.*} (docs/configuration.md). */
@ConfigMapping(prefix = "integrations.mailchimp")
public interface MailchimpConfig {

    /** The webhook ingress and its hooks. */
    Webhooks webhooks();

    /** Processing the inbox into the members projection. */
    Inbox inbox();

    /** Calls to Mailchimp's Marketing API. */
    Api api();

    /** audience.changed activity events. */
    Activity activity();

    /** The CRM's commands (mailchimp.commands and the REST API). */
    Commands commands();

    /** Reading what other apps changed in linked audiences. */
    Reconciliation reconciliation();

    interface Webhooks {

        /**
         * The URL Mailchimp reaches this service's ingress at: a hook's URL is
         * {@code <public-url>/webhooks/mailchimp/<hook>?secret=<secret>}. Defaults to {@code http://localhost:8083}.
         */
        @WithDefault("http://localhost:8083")
        URI publicUrl();

        /** The largest webhook body taken; larger is a 413. Defaults to 64K. */
        @WithDefault("64K")
        MemorySize maxBodySize();

        /** A post whose content was stored within this is a retry: answered 200, stored once. Defaults to 24 h. */
        @WithDefault("24h")
        Duration duplicateWindow();

        /** A {@code fired_at} older than this on receipt is stored as stale and not applied. Defaults to 7 days. */
        @WithDefault("7d")
        Duration replayTolerance();

        /**
         * A {@code fired_at} later than receipt by more than this is stored as stale. Mailchimp gives no zone, we read
         * UTC, and an account's local time may be up to 14 h ahead of it: defaults to 24 h.
         */
        @WithDefault("24h")
        Duration futureTolerance();

        /** After a secret rotation, how long the previous secret still opens the hook. Defaults to 2 h (Mailchimp retries for 75 min). */
        @WithDefault("2h")
        Duration rotationOverlap();

        /** How long a replica trusts what it read of a hook (its link and secrets). Defaults to 5 s. */
        @WithDefault("5s")
        Duration hookCacheTtl();

        /** Ingress statements in flight at once per replica (each stores a group of posts in one commit). Defaults to 4. */
        @WithDefault("4")
        @Min(1)
        @Max(64)
        int maxStatements();

        /** Posts stored by one ingress statement at most. Defaults to 250. */
        @WithDefault("250")
        @Min(1)
        @Max(2000)
        int maxGroup();

        /** Settled deliveries received longer ago than this are deleted (pending ones never). Defaults to 30 days. */
        @WithDefault("30d")
        Duration retention();

        /** How often settled deliveries, old fingerprints and expired secrets are pruned. Defaults to 10 minutes. */
        @WithDefault("10m")
        Duration pruneEvery();
    }

    interface Inbox {

        /** How often a replica looks for deliveries to process besides being woken by its ingress. Defaults to 1 s. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Deliveries of one audience applied in one transaction at most. Defaults to 200. */
        @WithDefault("200")
        @Min(1)
        @Max(1000)
        int batchSize();

        /** Audiences processed at once per replica. Defaults to 4. */
        @WithDefault("4")
        @Min(1)
        @Max(64)
        int concurrency();

        /** Attempts before a delivery that keeps failing is parked. Defaults to 5. */
        @WithDefault("5")
        @Min(1)
        int maxAttempts();

        /** The first retry's delay after a failed attempt; it doubles with each. Defaults to 10 s. */
        @WithDefault("10s")
        Duration retryDelay();

        /**
         * How long a {@code profile} or {@code upemail} of a member the projection does not hold waits for the
         * {@code upemail} or {@code subscribe} that explains it, before it is parked. Defaults to 2 min.
         */
        @WithDefault("2m")
        Duration unknownMemberWait();
    }

    interface Api {

        /** Members per page of an import. Defaults to 500 (Mailchimp allows 1,000). */
        @WithDefault("500")
        @Min(1)
        @Max(1000)
        int importPageSize();

        /** How long a replica holds an import it works on before another may take it over. Defaults to 2 min. */
        @WithDefault("2m")
        Duration importLease();

        /** How often a replica looks for imports to run. Defaults to 2 s. */
        @WithDefault("2s")
        Duration importPollInterval();

        /** The first retry's delay of an import page that failed; it doubles up to 10 min. Defaults to 10 s. */
        @WithDefault("10s")
        Duration importRetryDelay();

        /**
         * The most calls this service holds open at once per Mailchimp account, across replicas. Mailchimp allows 10
         * simultaneous connections per account, shared with the account's other apps. Defaults to 5.
         */
        @WithDefault("5")
        @Min(1)
        @Max(10)
        int connectionsPerAccount();

        /**
         * How long a call waits for one of its account's connections before it fails (a command then tries again
         * shortly, without counting it). Defaults to 60 s.
         */
        @WithDefault("60s")
        Duration connectionWait();

        /**
         * An account's wait after Mailchimp's 429. The 429s of calls in flight meanwhile change nothing; each later burst
         * doubles it, up to 5 min, until a call to the account succeeds. Defaults to 1 s.
         */
        @WithDefault("1s")
        Duration throttleWait();

        /** Calls to Mailchimp (Mailchimp's own timeout is 120 s, unconfirmed). */
        HttpGuardConfig http();
    }

    interface Commands {

        /** Whether this replica carries out commands (they are stored either way). Defaults to true. */
        @WithDefault("true")
        boolean enabled();

        /** How often the worker looks for due commands (it is also woken when one is stored here). Defaults to 1 s. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Commands one replica carries out at once. Defaults to 16. */
        @WithDefault("16")
        @Min(1)
        @Max(256)
        int concurrency();

        /** How long a replica holds a command it runs before another may take it over. Defaults to 5 min. */
        @WithDefault("5m")
        Duration lease();

        /** How long a command keeps being retried (Mailchimp down, throttling, a paused audience) before it fails. Defaults to 24 h. */
        @WithDefault("24h")
        Duration giveUpAfter();

        /** The least wait before a failed attempt's retry; waits grow (with jitter) up to {@link #maxRetryDelay}. Defaults to 2 s. */
        @WithDefault("2s")
        Duration minRetryDelay();

        /** The longest wait between two attempts. Defaults to 5 min. */
        @WithDefault("5m")
        Duration maxRetryDelay();

        /** Members per batch-subscribe call (Mailchimp allows 500). Defaults to 500. */
        @WithDefault("500")
        @Min(1)
        @Max(500)
        int chunkSize();

        /**
         * A subscribe command with more members than this goes through Mailchimp's asynchronous batch operations
         * instead of batch-subscribe chunks. Defaults to 10,000.
         */
        @WithDefault("10000")
        @Min(1)
        int batchAbove();

        /** How often an asynchronous batch's progress is read. Defaults to 5 s. */
        @WithDefault("5s")
        Duration batchPollInterval();

        /** How long finished commands are kept (the REST API shows them; a repeated id within it is answered from it). Defaults to 30 d. */
        @WithDefault("30d")
        Duration retention();
    }

    interface Reconciliation {

        /** Whether this replica reconciles audiences. Defaults to true. */
        @WithDefault("true")
        boolean enabled();

        /** How often each linked audience is reconciled. Defaults to 1 d. */
        @WithDefault("1d")
        Duration every();

        /** How often a replica looks for audiences due. Defaults to 1 min. */
        @WithDefault("1m")
        Duration checkEvery();

        /** Members per page read. Defaults to 500. */
        @WithDefault("500")
        @Min(1)
        @Max(1000)
        int pageSize();

        /** How long a replica holds a reconciliation before another may take it over. Defaults to 2 min. */
        @WithDefault("2m")
        Duration lease();

        /** The wait before a failed reconciliation is tried again. Defaults to 10 min. */
        @WithDefault("10m")
        Duration retryDelay();
    }

    interface Activity {

        /** The least time between two activity events of one audience. Defaults to 60 s. */
        @WithDefault("60s")
        Duration interval();

        /** How often a replica looks for audiences with activity to publish. Defaults to 10 s. */
        @WithDefault("10s")
        Duration checkEvery();
    }
}
