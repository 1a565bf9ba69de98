package com.crm.integrations.sandbox.calendar.service;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.calendar.BatchCaller;
import com.crm.integrations.sandbox.calendar.config.CalendarConfig;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.ProviderRefusal;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Google's HTTP batch, {@code POST /batch/calendar/v3} (PROVIDERS.md §2.4): reads the envelope
 * ({@link GoogleBatchEnvelope}), applies the batch's own headers (but {@code Content-*}; a part's own win) and query
 * parameters to every part, runs each part as a single call ({@link BatchRunner}, {@link GoogleBatchCalls}), and answers
 * {@code multipart/mixed} with a boundary of its own, the parts in the order set by {@link BatchOrders}. Every batch is
 * recorded ({@link BatchLog}), a refused one too.
 */
@Singleton
public class GoogleBatch {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The batch as received.
     *
     * @param headers the batch's own headers, names in any case
     * @param query its query as sent, without {@code ?}; {@code null} for none
     */
    public record Envelope(String contentType, byte[] body, Map<String, List<String>> headers, String query) {
    }

    /** The answer: {@code multipart/mixed; boundary=…} and its body. */
    public record Reply(String contentType, byte[] body) {
    }

    private final BatchRunner runner;
    private final GoogleBatchCalls calls;
    private final CalendarAccess access;
    private final BatchOrders orders;
    private final BatchLog batches;
    private final ObjectMapper json;
    private final CalendarConfig.Google config;

    GoogleBatch(BatchRunner runner, GoogleBatchCalls calls, CalendarAccess access, BatchOrders orders, BatchLog batches, ObjectMapper json,
            CalendarConfig config) {
        this.runner = runner;
        this.calls = calls;
        this.access = access;
        this.orders = orders;
        this.batches = batches;
        this.json = json;
        this.config = config.google();
    }

    /** @throws ProviderRefusal 400 when the envelope cannot be read, holds no part or too many */
    public Reply answer(BatchCaller caller, Envelope envelope) {
        BatchLog.Received received = new BatchLog.Received(caller.requestSeq(), caller.account(), envelope.contentType(), envelope.body());
        List<GoogleBatchEnvelope.Part> parts;
        try {
            parts = GoogleBatchEnvelope.parse(envelope.contentType(), envelope.body(), config.batchMaxParts());
        } catch (ProviderRefusal refused) {
            batches.record(Provider.GOOGLE, received, null, 400, List.of());
            throw refused;
        }
        List<BatchRunner.Prepared> prepared = new ArrayList<>(parts.size());
        for (GoogleBatchEnvelope.Part part : parts) {
            prepared.add(prepare(part.item(), envelope));
        }
        List<ItemAnswer> answers = runner.run(Provider.GOOGLE, caller.requestSeq(), prepared, config.batchParallelism(), null);
        List<GoogleBatchEnvelope.Answered> answered = new ArrayList<>(parts.size());
        List<BatchLog.Outcome> outcomes = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            ItemAnswer answer = answers.get(i);
            answered.add(new GoogleBatchEnvelope.Answered(parts.get(i).contentId(), answer));
            outcomes.add(new BatchLog.Outcome(parts.get(i).contentId(), answer.status(), answer.faultId() != null));
        }
        String boundary = "batch_" + HexFormat.of().formatHex(randomBytes());
        byte[] body = GoogleBatchEnvelope.render(boundary, orders.arrange(Provider.GOOGLE, answered), this::write);
        batches.record(Provider.GOOGLE, received, parts.size(), 200, outcomes);
        return new Reply("multipart/mixed; boundary=" + boundary, body);
    }

    /** The part with the batch's own headers and query parameters under its own. */
    private BatchRunner.Prepared prepare(BatchItem part, Envelope envelope) {
        if (part.rejected() != null) {
            return new BatchRunner.Prepared(part, null, false, account -> null);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        envelope.headers().forEach((name, values) -> {
            if (!name.regionMatches(true, 0, "Content-", 0, 8) && !values.isEmpty()) {
                headers.put(name, values.get(0));
            }
        });
        BatchItem item = new BatchItem(part.id(), part.method(), part.path(), part.query(), merged(headers, part.headers()), part.body(), null);
        Map<String, List<String>> parameters = new LinkedHashMap<>(item.parameters());
        if (envelope.query() != null) {
            new QueryStringDecoder(envelope.query(), false).parameters().forEach(parameters::putIfAbsent);
        }
        String authorization = item.header("Authorization");
        return new BatchRunner.Prepared(item, access.grant(Provider.GOOGLE, authorization).orElse(null), authorization != null,
                account -> calls.call(account, item, parameters));
    }

    private static Map<String, String> merged(Map<String, String> outer, Map<String, String> inner) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(outer);
        headers.putAll(inner);
        return headers;
    }

    private byte[] write(Map<String, Object> body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON answer of plain maps did not serialise", e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
