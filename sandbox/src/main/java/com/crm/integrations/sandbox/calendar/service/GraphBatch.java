package com.crm.integrations.sandbox.calendar.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.calendar.BatchCaller;
import com.crm.integrations.sandbox.calendar.config.CalendarConfig;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.ProviderRefusal;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Graph's JSON batching, {@code POST /v1.0/$batch} (PROVIDERS.md §4.4): reads the envelope ({@link GraphBatchEnvelope}),
 * runs its requests as single calls with the batch's token ({@link BatchRunner}, {@link GraphBatchCalls}), at most
 * {@code sandbox.calendar.graph.batch-parallelism} (4) at once, or one by one along a {@code dependsOn} chain (after a
 * failure the rest get 424 {@code FailedDependency}), and answers {@code {"responses": [{"id", "status", "headers",
 * "body"?}]}}, 200 whatever the requests did, in the order set by {@link BatchOrders}. Every batch is recorded
 * ({@link BatchLog}), a refused one too.
 */
@Singleton
public class GraphBatch {

    static final String ROOT = "/graph/v1.0";

    /**
     * The batch as received.
     *
     * @param baseUri the batch's scheme, host and port, for the links of delta pages
     * @param clientRequestId the batch's own {@code client-request-id}, for its refusal
     */
    public record Envelope(String contentType, byte[] body, String baseUri, String clientRequestId) {
    }

    private final BatchRunner runner;
    private final GraphBatchCalls calls;
    private final BatchOrders orders;
    private final BatchLog batches;
    private final ObjectMapper json;
    private final CalendarConfig.Graph config;

    GraphBatch(BatchRunner runner, GraphBatchCalls calls, BatchOrders orders, BatchLog batches, ObjectMapper json, CalendarConfig config) {
        this.runner = runner;
        this.calls = calls;
        this.orders = orders;
        this.batches = batches;
        this.json = json;
        this.config = config.graph();
    }

    /** @throws ProviderRefusal 400 when the envelope is malformed */
    public Map<String, Object> answer(BatchCaller caller, Envelope envelope) {
        BatchLog.Received received = new BatchLog.Received(caller.requestSeq(), caller.account(), envelope.contentType(), envelope.body());
        GraphBatchEnvelope.Requests requests;
        try {
            requests = GraphBatchEnvelope.parse(envelope.body(), config.batchMaxRequests(), json, envelope.clientRequestId());
        } catch (ProviderRefusal refused) {
            batches.record(Provider.MICROSOFT, received, null, 400, List.of());
            throw refused;
        }
        List<BatchRunner.Prepared> prepared = new ArrayList<>();
        for (BatchItem item : requests.items()) {
            prepared.add(new BatchRunner.Prepared(item, caller.grant(), true, account -> calls.call(call(account, item, envelope), item)));
        }
        List<ItemAnswer> answers = runner.run(Provider.MICROSOFT, caller.requestSeq(), prepared, config.batchParallelism(),
                requests.chained() ? GraphBatch::failedDependency : null);
        List<Map<String, Object>> responses = new ArrayList<>();
        List<BatchLog.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            String id = requests.items().get(i).id();
            responses.add(response(id, answers.get(i)));
            outcomes.add(new BatchLog.Outcome(id, answers.get(i).status(), answers.get(i).faultId() != null));
        }
        batches.record(Provider.MICROSOFT, received, responses.size(), 200, outcomes);
        return Map.of("responses", orders.arrange(Provider.MICROSOFT, responses));
    }

    private static GraphCall call(String account, BatchItem item, Envelope envelope) {
        String prefer = item.header("Prefer");
        return new GraphCall(account, prefer == null ? null : List.of(prefer), item.header("client-request-id"), envelope.baseUri(),
                ROOT + item.path());
    }

    private static Map<String, Object> response(String id, ItemAnswer answer) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", id);
        response.put("status", answer.status());
        Map<String, String> headers = new LinkedHashMap<>();
        if (answer.body() != null) {
            headers.put("Content-Type", "application/json; charset=utf-8");
        }
        headers.putAll(answer.headers());
        response.put("headers", headers);
        if (answer.body() != null) {
            response.put("body", answer.body());
        }
        return response;
    }

    /** 424 for a request of a chain after one that failed [unconf: the wording]. */
    private static ItemAnswer failedDependency(BatchItem item) {
        return ItemAnswer.of(GraphErrors.answer(424, "FailedDependency", "The request depends on a request of the batch that failed.",
                item.header("client-request-id"), null));
    }
}
