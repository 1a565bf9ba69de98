package com.crm.integrations.sandbox.mailchimp.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.mailchimp.Batch;
import com.crm.integrations.sandbox.mailchimp.BatchOperation;
import com.crm.integrations.sandbox.mailchimp.MailchimpReset;
import com.crm.integrations.sandbox.mailchimp.OperationResult;
import com.crm.integrations.sandbox.mailchimp.config.MailchimpBatchesConfig;
import com.crm.integrations.sandbox.mailchimp.config.MailchimpListsConfig;
import com.crm.integrations.sandbox.provider.service.IssuedSecrets;
import com.crm.integrations.sandbox.provider.service.RandomTokens;
import com.crm.integrations.sandbox.provider.service.SandboxClock;

import io.vertx.core.Vertx;

/**
 * Mailchimp's batch operations (PROVIDERS.md §5.3): {@code POST /batches} queues the operations ({@code pending}); after
 * the start delay they run ({@code started}) at the pace in force, on a worker, through {@link BatchOperations}; then the
 * results archive is written and the batch is {@code finished}, its {@code response_body_url} a pre-signed link on the
 * sandbox (a random secret in the URL, no credential). Batches belong to a data centre, like audiences. The pace can be
 * changed at runtime ({@link #changePace}); a reset restores the configured one and drops every batch.
 */
@Singleton
public class Batches {

    private static final Logger LOG = Logger.getLogger(Batches.class);
    private static final long TICK_MILLIS = 100;

    /** How batches are processed: the wait before a batch starts, and operations per second. */
    public record Pace(Duration startDelay, int operationsPerSecond) {
        public Pace {
            if (startDelay == null || startDelay.isNegative() || startDelay.compareTo(Duration.ofHours(1)) > 0) {
                throw new InvalidRequestException("startDelayMillis must be 0 to 3600000");
            }
            if (operationsPerSecond < 1 || operationsPerSecond > 100_000) {
                throw new InvalidRequestException("operationsPerSecond must be 1 to 100000");
            }
        }
    }

    private final BatchOperations operations;
    private final SandboxClock clock;
    private final IssuedSecrets secrets;
    private final Vertx vertx;
    private final MailchimpListsConfig paging;
    private final int resultsPerFile;
    private final Optional<String> resultsBaseUrl;
    private final Pace configured;
    private final Map<String, Batch> batches = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile Pace pace;

    Batches(BatchOperations operations, SandboxClock clock, IssuedSecrets secrets, Vertx vertx, MailchimpBatchesConfig config,
            MailchimpListsConfig paging) {
        this.paging = paging;
        this.operations = operations;
        this.clock = clock;
        this.secrets = secrets;
        this.vertx = vertx;
        this.resultsPerFile = config.resultsPerFile();
        this.resultsBaseUrl = config.resultsBaseUrl().map(Batches::withoutTrailingSlash);
        this.configured = new Pace(config.startDelay(), config.operationsPerSecond());
        this.pace = configured;
        if (resultsPerFile < 1) {
            throw new IllegalStateException("sandbox.mailchimp.batches.results-per-file must be 1 or more");
        }
    }

    /** Queues the body's operations as a batch of {@code account} in {@code dc}; it starts after the start delay. */
    public Batch submit(String dc, String account, String body) {
        List<BatchOperation> queued = BatchInputs.operations(JsonBodies.object(body));
        Batch batch = new Batch(MailchimpIds.tenHex(), dc, account, clock.now(), queued);
        batches.put(batch.id(), batch);
        LOG.infof("Mailchimp batch submitted: batch=%s dc=%s account=%s operations=%d", batch.id(), dc, account, queued.size());
        vertx.setTimer(Math.max(1, pace.startDelay().toMillis()), timer -> runSome(batch));
        return batch;
    }

    /** The batch of that id in data centre {@code dc}, else 404 {@code Resource Not Found}. */
    public Batch get(String dc, String batchId) {
        return Optional.ofNullable(batches.get(batchId)).filter(batch -> batch.dc().equals(dc)).orElseThrow(MailchimpErrors::notFound);
    }

    /**
     * The batch as the API shows it.
     *
     * @param requestBase the base URL of the request that reads it: the download link's, unless
     *        {@code sandbox.mailchimp.batches.results-base-url} says otherwise
     */
    public Map<String, Object> view(Batch batch, String requestBase) {
        return BatchJson.batch(batch.snapshot(), resultsBaseUrl.orElse(withoutTrailingSlash(requestBase)));
    }

    /** The data centre's batches, oldest first. */
    public List<Batch> inDc(String dc) {
        synchronized (batches) {
            return batches.values().stream().filter(batch -> batch.dc().equals(dc)).toList();
        }
    }

    /** A page of {@code all}: {@code count} (default 10, cut to 1000) from {@code offset}. */
    public List<Batch> page(List<Batch> all, String count, String offset) {
        return Paging.of(count, offset, paging).page(all);
    }

    /** Every batch, oldest first: the control API's view. */
    public List<Batch> all() {
        synchronized (batches) {
            return List.copyOf(batches.values());
        }
    }

    /** The finished batch's archive when {@code signature} is its download secret; else empty. */
    public Optional<byte[]> archive(String batchId, String signature) {
        Batch batch = batches.get(batchId);
        if (batch == null || signature == null) {
            return Optional.empty();
        }
        String token = batch.snapshot().downloadToken();
        boolean signed = token != null
                && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8));
        return signed ? Optional.of(batch.archive()) : Optional.empty();
    }

    public Pace pace() {
        return pace;
    }

    /** Each {@code null} keeps the figure in force; batches already running take the new pace at their next step. */
    public Pace changePace(Duration startDelay, Integer operationsPerSecond) {
        Pace now = pace;
        pace = new Pace(startDelay == null ? now.startDelay() : startDelay, operationsPerSecond == null ? now.operationsPerSecond() : operationsPerSecond);
        LOG.infof("Mailchimp batch pace: startDelay=%dms operationsPerSecond=%d", pace.startDelay().toMillis(), pace.operationsPerSecond());
        return pace;
    }

    /** One step on a worker: the operations of one tick at the pace in force, then the next step, or the archive. */
    private void runSome(Batch batch) {
        if (batches.get(batch.id()) != batch) {
            return; // reset meanwhile
        }
        // up to 100 a second one at a time, more in steps of a tenth of a second
        int perSecond = pace.operationsPerSecond();
        int count = perSecond <= 100 ? 1 : Math.round(perSecond * TICK_MILLIS / 1000f);
        long interval = perSecond <= 100 ? Math.round(1000.0 / perSecond) : TICK_MILLIS;
        vertx.executeBlocking(() -> {
            for (BatchOperation operation : batch.next(count)) {
                batch.record(operations.run(batch, operation));
            }
            if (!batch.allRun()) {
                return false;
            }
            finish(batch);
            return true;
        }, false).onComplete(done -> {
            if (done.failed()) {
                LOG.errorf(done.cause(), "Mailchimp batch stopped: a bug in the sandbox (batch=%s)", batch.id());
            } else if (!done.result()) {
                vertx.setTimer(interval, timer -> runSome(batch));
            }
        });
    }

    private void finish(Batch batch) {
        List<OperationResult> results = batch.results();
        byte[] archive = BatchArchive.tarGz(batch.id(), results, resultsPerFile, clock.now());
        batch.finish(archive, secrets.record(RandomTokens.base64Url(32)), clock.now());
        LOG.infof("Mailchimp batch finished: batch=%s operations=%d errored=%d archive=%d bytes", batch.id(), results.size(),
                results.stream().filter(OperationResult::errored).count(), archive.length);
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    void reset(@Observes MailchimpReset reset) {
        batches.clear();
        pace = configured;
    }
}
