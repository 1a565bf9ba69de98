package com.crm.integrations.calendar.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Google's HTTP batch on the wire (PROVIDERS.md §2.4): a {@code multipart/mixed} request of {@code application/http}
 * parts, each a whole HTTP request with a path-only request line and a {@code Content-ID}; the answer a
 * {@code multipart/mixed} of the same with the boundary the server chose, each part's {@code Content-ID}
 * {@code <response-…>} of its request's. Written with CRLF; read with mime4j (either line ending).
 */
final class GoogleBatchFormat {

    private static final String CRLF = "\r\n";
    private static final String RESPONSE_PREFIX = "response-";

    private GoogleBatchFormat() {
    }

    /** A boundary no JSON body of ours holds (a dash run and a random UUID). */
    static String boundary() {
        return "batch_crm_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** The multipart body of {@code calls}; its {@code Content-Type} is {@code multipart/mixed; boundary=<boundary>}. */
    static String request(String boundary, List<BatchCall> calls) {
        StringBuilder body = new StringBuilder();
        for (BatchCall call : calls) {
            body.append("--").append(boundary).append(CRLF)
                    .append("Content-Type: application/http").append(CRLF)
                    .append("Content-ID: <").append(call.id()).append('>').append(CRLF)
                    .append(CRLF)
                    .append(call.method().name()).append(' ').append(call.path()).append(" HTTP/1.1").append(CRLF);
            call.headers().forEach((name, value) -> body.append(name).append(": ").append(value).append(CRLF));
            if (call.body() != null) {
                body.append("Content-Type: application/json; charset=UTF-8").append(CRLF)
                        .append(CRLF)
                        .append(call.body().encode()).append(CRLF);
            } else {
                body.append(CRLF);
            }
        }
        return body.append("--").append(boundary).append("--").append(CRLF).toString();
    }

    /**
     * The answers of a batch's {@code multipart/mixed} body, by call id.
     *
     * @throws IllegalArgumentException when the body is no multipart of HTTP answers
     */
    static Map<String, BatchAnswer> response(String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase().startsWith("multipart/mixed")) {
            throw new IllegalArgumentException("A batch answer is multipart/mixed, not " + contentType);
        }
        MimeTokenStream stream = new MimeTokenStream(MimeConfig.PERMISSIVE);
        stream.parseHeadless(new ByteArrayInputStream(body), contentType);
        Map<String, BatchAnswer> answers = new HashMap<>();
        String contentId = null;
        try {
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                if (state == EntityState.T_START_BODYPART) {
                    contentId = null;
                } else if (state == EntityState.T_FIELD) {
                    Field field = stream.getField();
                    if ("Content-ID".equalsIgnoreCase(field.getName())) {
                        contentId = field.getBody().trim();
                    }
                } else if (state == EntityState.T_BODY && contentId != null) {
                    String id = callId(contentId);
                    answers.put(id, answer(id, stream.getInputStream()));
                }
            }
        } catch (MimeException | IOException unreadable) {
            throw new IllegalArgumentException("The batch answer is no readable multipart: " + unreadable.getMessage(), unreadable);
        }
        return answers;
    }

    /** {@code <response-ID>} → {@code ID}. */
    private static String callId(String contentId) {
        String id = contentId;
        if (id.startsWith("<") && id.endsWith(">")) {
            id = id.substring(1, id.length() - 1);
        }
        return id.startsWith(RESPONSE_PREFIX) ? id.substring(RESPONSE_PREFIX.length()) : id;
    }

    /** A whole HTTP answer: status line, headers, blank line, body. */
    private static BatchAnswer answer(String id, InputStream part) throws IOException {
        String text = new String(part.readAllBytes(), StandardCharsets.UTF_8);
        int headEnd = text.indexOf("\r\n\r\n");
        int bodyStart = headEnd + 4;
        if (headEnd < 0) {
            headEnd = text.indexOf("\n\n");
            bodyStart = headEnd + 2;
        }
        String head = headEnd < 0 ? text : text.substring(0, headEnd);
        String rest = headEnd < 0 ? "" : text.substring(bodyStart).strip();
        String[] lines = head.strip().split("\r?\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new IllegalArgumentException("Part " + id + " holds no HTTP answer: " + lines[0]);
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
            }
        }
        return new BatchAnswer(id, Integer.parseInt(statusLine[1]), headers, json(rest));
    }

    private static JsonObject json(String body) {
        if (body.isEmpty() || !body.startsWith("{")) {
            return new JsonObject();
        }
        try {
            return new JsonObject(body);
        } catch (DecodeException notJson) {
            return new JsonObject();
        }
    }
}
