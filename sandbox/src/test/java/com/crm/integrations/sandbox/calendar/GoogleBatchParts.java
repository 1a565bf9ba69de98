package com.crm.integrations.sandbox.calendar;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;

/**
 * Google batch bodies for the tests: one written as a client would ({@link #envelope}), and an answer read back with a
 * real MIME parser ({@link #read}), each part's inner HTTP response split into status, headers and body.
 */
final class GoogleBatchParts {

    /** One inner answer: the part's {@code Content-ID} and its HTTP response. */
    record Answer(String contentId, int status, String statusLine, Map<String, String> headers, String body) {
    }

    private GoogleBatchParts() {
    }

    /**
     * @param parts each an inner request as text (request line, headers, blank line, body), LF line endings
     * @param contentIds one per part; {@code null} for a part without
     * @param newline {@code "\r\n"} or {@code "\n"}
     */
    static String envelope(String boundary, List<String> parts, List<String> contentIds, String newline) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            body.append("--").append(boundary).append('\n').append("Content-Type: application/http\n");
            if (contentIds.get(i) != null) {
                body.append("Content-ID: ").append(contentIds.get(i)).append('\n');
            }
            body.append('\n').append(parts.get(i)).append('\n');
        }
        body.append("--").append(boundary).append("--\n");
        return body.toString().replace("\n", newline);
    }

    static String envelope(String boundary, List<String> parts, List<String> contentIds) {
        return envelope(boundary, parts, contentIds, "\r\n");
    }

    /** The answer's parts in the order they came. */
    static List<Answer> read(String contentType, byte[] body) throws IOException, MimeException {
        MimeTokenStream stream = new MimeTokenStream(new MimeConfig.Builder().setStrictParsing(true).build());
        stream.parseHeadless(new ByteArrayInputStream(body), contentType);
        List<Answer> answers = new ArrayList<>();
        String contentId = null;
        for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
            if (state == EntityState.T_START_BODYPART) {
                contentId = null;
            } else if (state == EntityState.T_FIELD && "Content-ID".equalsIgnoreCase(stream.getField().getName())) {
                contentId = stream.getField().getBody();
            } else if (state == EntityState.T_BODY) {
                answers.add(answer(contentId, new String(stream.getInputStream().readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        return answers;
    }

    private static Answer answer(String contentId, String http) {
        int headEnd = http.indexOf("\r\n\r\n");
        String[] head = http.substring(0, headEnd).split("\r\n");
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            headers.put(head[i].substring(0, colon), head[i].substring(colon + 1).trim());
        }
        return new Answer(contentId, Integer.parseInt(head[0].split(" ")[1]), head[0], headers, http.substring(headEnd + 4));
    }

    /** The answers by {@code Content-ID}. */
    static Map<String, Answer> byContentId(List<Answer> answers) {
        Map<String, Answer> byId = new LinkedHashMap<>();
        answers.forEach(answer -> byId.put(answer.contentId(), answer));
        return byId;
    }
}
