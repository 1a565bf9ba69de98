package com.crm.integrations.mailchimp.command;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import com.crm.integrations.mailchimp.client.Refusal;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * Reads the {@code .tar.gz} of a finished asynchronous batch (PROVIDERS.md §5.3): JSON files, each an array of
 * {@code {"status_code", "operation_id", "response"}} where {@code response} is the operation's JSON answer as a string.
 */
@ApplicationScoped
public class BatchResults {

    /** The most an archive may unpack to: a batch of 50,000 member answers is well under it. */
    private static final long MAX_UNPACKED = 512L * 1024 * 1024;

    /** One operation's result. */
    public record Result(int statusCode, JsonObject response) {

        /** Mailchimp's refusal, for a result that is one. */
        public Refusal refusal() {
            return Refusal.of(statusCode, response);
        }
    }

    /** The results by operation id. */
    public Map<String, Result> read(Buffer archive) {
        Map<String, Result> results = new HashMap<>();
        long unpacked = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(new ByteArrayInputStream(archive.getBytes())))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (!entry.isFile() || !entry.getName().endsWith(".json")) {
                    continue;
                }
                byte[] content = tar.readAllBytes();
                unpacked += content.length;
                if (unpacked > MAX_UNPACKED) {
                    throw new IllegalStateException("the batch's results unpack to more than " + MAX_UNPACKED + " bytes");
                }
                JsonArray operations = new JsonArray(new String(content, StandardCharsets.UTF_8));
                for (int i = 0; i < operations.size(); i++) {
                    JsonObject operation = operations.getJsonObject(i);
                    results.put(operation.getString("operation_id"),
                            new Result(operation.getInteger("status_code", 0), body(operation.getString("response"))));
                }
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException("the batch's results are not a readable .tar.gz", unreadable);
        }
        return results;
    }

    private static JsonObject body(String response) {
        if (response == null || response.isBlank()) {
            return new JsonObject();
        }
        try {
            return new JsonObject(response);
        } catch (DecodeException notJson) {
            return new JsonObject();
        }
    }
}
