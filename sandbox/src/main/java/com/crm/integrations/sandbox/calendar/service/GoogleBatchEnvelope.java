package com.crm.integrations.sandbox.calendar.service;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;

import com.crm.integrations.sandbox.provider.ProviderRefusal;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Reads Google's batch envelope (PROVIDERS.md §2.4) with Apache James mime4j: a {@code multipart/mixed} body whose parts
 * are each {@code Content-Type: application/http}, an optional {@code Content-ID}, and a whole HTTP request (request line
 * with a path, with or without {@code HTTP/1.1}; headers; body). CRLF or LF. Refuses the whole envelope (400 in Google's
 * shape) when it is not {@code multipart/mixed} with a boundary, holds no part or more than the limit, or is cut short;
 * one part that is not {@code application/http} or whose request is malformed or names a full URL is answered 400 alone.
 */
final class GoogleBatchEnvelope {

    /** One part: its {@code Content-ID} as sent ({@code null} without one) and its request. */
    record Part(String contentId, BatchItem item) {
    }

    private static final Pattern METHOD = Pattern.compile("[A-Z]+");
    private static final Pattern ABSOLUTE = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");
    private static final Pattern VERSION = Pattern.compile("HTTP/\\d\\.\\d");

    private GoogleBatchEnvelope() {
    }

    /** @throws ProviderRefusal 400 for the whole batch */
    static List<Part> parse(String contentType, byte[] body, int maxParts) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")) {
            throw GoogleErrors.badRequest("The batch must be multipart/mixed.");
        }
        MimeTokenStream stream = new MimeTokenStream(new MimeConfig.Builder().setStrictParsing(true).setMaxContentLen(-1).build());
        List<Part> parts = new ArrayList<>();
        try {
            stream.parseHeadless(new ByteArrayInputStream(body), contentType);
            if (stream.getState() != EntityState.T_START_MULTIPART) {
                throw GoogleErrors.badRequest("The batch's Content-Type names no boundary.");
            }
            Map<String, String> partHeaders = new LinkedHashMap<>();
            for (EntityState state = stream.next(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                if (state == EntityState.T_START_BODYPART) {
                    partHeaders.clear();
                } else if (state == EntityState.T_FIELD) {
                    partHeaders.put(stream.getField().getName().toLowerCase(Locale.ROOT), stream.getField().getBody().trim());
                } else if (state == EntityState.T_BODY) {
                    if (parts.size() == maxParts) {
                        throw GoogleErrors.badRequest("A batch may hold at most " + maxParts + " calls.");
                    }
                    parts.add(part(partHeaders, stream.getInputStream()));
                }
            }
        } catch (MimeException | IOException malformed) {
            throw GoogleErrors.badRequest("The batch is not a well-formed multipart/mixed body: " + malformed.getMessage());
        }
        if (parts.isEmpty()) {
            throw GoogleErrors.badRequest("The batch holds no call.");
        }
        return parts;
    }

    private static Part part(Map<String, String> headers, InputStream body) throws IOException {
        String contentId = headers.get("content-id");
        String type = headers.get("content-type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/http")) {
            return rejected(contentId, "Each part of a batch must be Content-Type: application/http.");
        }
        byte[] request = body.readAllBytes();
        int lineEnd = indexOf(request, (byte) '\n');
        String requestLine = new String(request, 0, lineEnd < 0 ? request.length : lineEnd, StandardCharsets.UTF_8).strip();
        String[] words = requestLine.split(" +");
        if (words.length < 2 || words.length > 3 || !METHOD.matcher(words[0]).matches()
                || words.length == 3 && !VERSION.matcher(words[2]).matches()) {
            return rejected(contentId, "Malformed request line in a batch part: " + requestLine);
        }
        String target = words[1];
        if (ABSOLUTE.matcher(target).matches() || !target.startsWith("/")) {
            return rejected(contentId, "A batch part must give a path, not a full URL: " + target);
        }
        String rest = lineEnd < 0 ? "" : new String(request, lineEnd + 1, request.length - lineEnd - 1, StandardCharsets.UTF_8);
        return innerRequest(contentId, words[0], target, rest);
    }

    /**
     * The inner request's headers and body: after its request line, the shape of a MIME entity's, read by mime4j. A
     * request without headers (a blank line, or nothing, right after its request line) has none to read; headers that run
     * to the part's end (no blank line, no body) are complete, as the part ends the request.
     */
    private static Part innerRequest(String contentId, String method, String target, String rest) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        String body = null;
        if (rest.startsWith("\n") || rest.startsWith("\r\n")) {
            body = rest.substring(rest.indexOf('\n') + 1);
        } else if (!rest.isBlank()) {
            boolean blankLine = rest.contains("\n\n") || rest.contains("\n\r\n");
            MimeTokenStream stream = new MimeTokenStream(new MimeConfig.Builder().setStrictParsing(true).setMaxContentLen(-1).build());
            stream.setRecursionMode(RecursionMode.M_FLAT);
            try {
                stream.parse(new ByteArrayInputStream((blankLine ? rest : rest + "\r\n").getBytes(StandardCharsets.UTF_8)));
                for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                    if (state == EntityState.T_FIELD) {
                        headers.put(stream.getField().getName(), stream.getField().getBody().trim());
                    } else if (state == EntityState.T_BODY) {
                        body = new String(stream.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            } catch (MimeException malformed) {
                return rejected(contentId, "Malformed request headers in a batch part.");
            }
        }
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        String query = question < 0 ? null : target.substring(question + 1);
        return new Part(contentId, new BatchItem(contentId, method, path, query, headers, body == null || body.isBlank() ? null : body, null));
    }

    private static Part rejected(String contentId, String message) {
        return new Part(contentId, BatchItem.rejected(contentId, GoogleErrors.badRequestAnswer(message)));
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The batch's answer: one {@code application/http} part per call, each with {@code Content-ID: <response-…>} when its
     * request had one (the prefix goes right after {@code <}), a status line, headers and the JSON body; CRLF throughout.
     */
    static byte[] render(String boundary, List<Answered> answers, Function<Map<String, Object>, byte[]> json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Answered answered : answers) {
            write(out, "--" + boundary + "\r\nContent-Type: application/http\r\n");
            if (answered.contentId() != null) {
                write(out, "Content-ID: " + responseId(answered.contentId()) + "\r\n");
            }
            ItemAnswer answer = answered.answer();
            byte[] content = answer.body() == null ? new byte[0] : json.apply(answer.body());
            write(out, "\r\nHTTP/1.1 " + answer.status() + " " + reason(answer.status()) + "\r\n");
            if (answer.body() != null) {
                write(out, "Content-Type: application/json; charset=UTF-8\r\n");
            }
            answer.headers().forEach((name, value) -> write(out, name + ": " + value + "\r\n"));
            write(out, "Content-Length: " + content.length + "\r\n\r\n");
            out.writeBytes(content);
            write(out, "\r\n");
        }
        write(out, "--" + boundary + "--\r\n");
        return out.toByteArray();
    }

    /** A call's answer and its request's {@code Content-ID}. */
    record Answered(String contentId, ItemAnswer answer) {
    }

    static String responseId(String contentId) {
        return contentId.startsWith("<") ? "<response-" + contentId.substring(1) : "response-" + contentId;
    }

    private static String reason(int status) {
        return HttpResponseStatus.valueOf(status).reasonPhrase();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
