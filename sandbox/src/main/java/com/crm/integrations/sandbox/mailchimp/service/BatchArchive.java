package com.crm.integrations.sandbox.mailchimp.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import com.crm.integrations.sandbox.mailchimp.OperationResult;

/**
 * The results archive of a finished batch (PROVIDERS.md §5.3): a gzip'd tar of JSON files, each an array of
 * {@code {"status_code","operation_id","response"}} ({@code response} the JSON body as a string), at most
 * {@code resultsPerFile} per file, named {@code <batch id>-<n>.json} from 0 [unconf: Mailchimp's names and split are not
 * documented: read every {@code .json} entry].
 */
final class BatchArchive {

    private BatchArchive() {
    }

    static byte[] tarGz(String batchId, List<OperationResult> results, int resultsPerFile, Instant at) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            for (int from = 0, file = 0; from < results.size() || file == 0; from += resultsPerFile, file++) {
                List<Map<String, Object>> entries = results.subList(from, Math.min(results.size(), from + resultsPerFile)).stream()
                        .map(BatchArchive::entry).toList();
                byte[] json = JsonBodies.JSON.writeValueAsBytes(entries);
                TarArchiveEntry entry = new TarArchiveEntry(batchId + "-" + file + ".json");
                entry.setSize(json.length);
                entry.setModTime(at.toEpochMilli());
                tar.putArchiveEntry(entry);
                tar.write(json);
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    private static Map<String, Object> entry(OperationResult result) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("status_code", result.statusCode());
        entry.put("operation_id", result.operationId());
        entry.put("response", result.response());
        return entry;
    }
}
