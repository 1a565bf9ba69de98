package com.crm.integrations.sandbox.calendar.service;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.crm.integrations.sandbox.provider.ApiAnswer;

import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * One inner request of a batch, as read from its envelope.
 *
 * @param id Google's {@code Content-ID} as sent ({@code <a1b2+1>}, {@code null} when absent) or Graph's {@code id}
 * @param path the path as sent, without the query
 * @param query the query as sent, without {@code ?}; {@code null} for none
 * @param headers its own headers (Google: with the batch's own applied), names in any case
 * @param body {@code null} for none
 * @param rejected the answer of a request the envelope already refuses (a full URL), which never runs; else {@code null}
 */
public record BatchItem(String id, String method, String path, String query, Map<String, String> headers, String body,
        ApiAnswer rejected) {

    public BatchItem {
        Map<String, String> named = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        named.putAll(headers);
        headers = Collections.unmodifiableMap(named);
    }

    static BatchItem rejected(String id, ApiAnswer answer) {
        return new BatchItem(id, null, null, null, Map.of(), null, answer);
    }

    /** The header's value, {@code null} when absent. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The query's parameters, decoded. */
    public Map<String, List<String>> parameters() {
        return query == null ? Map.of() : new QueryStringDecoder(query, false).parameters();
    }

    /** The path's segments after {@code root}, each decoded; {@code null} when the path is not under it. */
    List<String> segmentsAfter(String root) {
        if (!path.startsWith(root)) {
            return null;
        }
        String rest = path.substring(root.length());
        if (rest.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(rest.split("/", -1)).map(QueryStringDecoder::decodeComponent).toList();
    }
}
