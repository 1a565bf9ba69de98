package com.crm.integrations.sandbox.mailchimp.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.crm.integrations.sandbox.mailchimp.Batch;
import com.crm.integrations.sandbox.mailchimp.BatchStatus;

/** The API's JSON of a batch (PROVIDERS.md §5.3), in Mailchimp's field order. */
final class BatchJson {

    /** Where the results are downloaded, under the sandbox's base URL. */
    static final String RESULTS_PATH = "/mailchimp-batch-results/";

    private BatchJson() {
    }

    /**
     * {@code {"id","status","total_operations","finished_operations","errored_operations","submitted_at","completed_at",
     * "response_body_url","_links"}}; {@code completed_at} and {@code response_body_url} are {@code ""} until finished.
     *
     * @param base scheme, host and port of the download link
     */
    static Map<String, Object> batch(Batch.Snapshot batch, String base) {
        boolean finished = batch.status() == BatchStatus.FINISHED;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", batch.id());
        body.put("status", batch.status().wireName());
        body.put("total_operations", batch.total());
        body.put("finished_operations", batch.finished());
        body.put("errored_operations", batch.errored());
        body.put("submitted_at", MarketingJson.timestamp(batch.submittedAt()));
        body.put("completed_at", MarketingJson.timestamp(batch.completedAt()));
        body.put("response_body_url", finished ? base + RESULTS_PATH + batch.id() + "-response.tar.gz?Signature=" + batch.downloadToken() : "");
        body.put("_links", List.of());
        return body;
    }
}
