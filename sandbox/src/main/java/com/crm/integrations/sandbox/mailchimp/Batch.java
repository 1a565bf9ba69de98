package com.crm.integrations.sandbox.mailchimp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code /batches} request of an account in a data centre: its operations, how far they ran, their results, and once
 * finished the results archive and the secret of its download link. Thread-safe: requests read it while a worker runs
 * its operations.
 */
public final class Batch {

    private final String id;
    private final String dc;
    private final String account;
    private final Instant submittedAt;
    private final List<BatchOperation> operations;
    private final List<OperationResult> results = new ArrayList<>();
    private BatchStatus status = BatchStatus.PENDING;
    private int errored;
    private Instant completedAt;
    private String downloadToken;
    private byte[] archive;

    public Batch(String id, String dc, String account, Instant submittedAt, List<BatchOperation> operations) {
        this.id = id;
        this.dc = dc;
        this.account = account;
        this.submittedAt = submittedAt;
        this.operations = List.copyOf(operations);
    }

    /** What a view shows of it at one moment. */
    public record Snapshot(String id, BatchStatus status, int total, int finished, int errored, Instant submittedAt, Instant completedAt,
            String downloadToken) {
    }

    public String id() {
        return id;
    }

    public String dc() {
        return dc;
    }

    /** The account whose credential submitted it: its operations run as that account. */
    public String account() {
        return account;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(id, status, operations.size(), results.size(), errored, submittedAt, completedAt, downloadToken);
    }

    /** The operations not run yet, at most {@code count}, in their order; the batch is {@code started} from now on. */
    public synchronized List<BatchOperation> next(int count) {
        status = BatchStatus.STARTED;
        return operations.subList(results.size(), Math.min(operations.size(), results.size() + count));
    }

    public synchronized void record(OperationResult result) {
        results.add(result);
        if (result.errored()) {
            errored++;
        }
    }

    public synchronized boolean allRun() {
        return results.size() == operations.size();
    }

    public synchronized List<OperationResult> results() {
        return List.copyOf(results);
    }

    public synchronized void finish(byte[] tarGz, String token, Instant at) {
        this.archive = tarGz;
        this.downloadToken = token;
        this.completedAt = at;
        this.status = BatchStatus.FINISHED;
    }

    /** The results archive, {@code null} until finished. */
    public synchronized byte[] archive() {
        return archive;
    }
}
