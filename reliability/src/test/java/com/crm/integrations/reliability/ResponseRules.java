package com.crm.integrations.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What every answer to a hostile request must be: never a 5xx; a 4xx carries an RFC 9457 problem body
 * ({@code application/problem+json} with the same {@code status} and a {@code title}); no answer that is not a success
 * shows anything internal ({@link #leak}).
 */
final class ResponseRules {

    /** What broke a rule. */
    enum Kind {
        SERVER_ERROR, PROBLEM_BODY, LEAK
    }

    record Violation(Kind kind, String detail) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Internals an error body must never show, each with the name the report gives it. */
    private static final List<Pattern> LEAKS = List.of(
            Pattern.compile("\\bat [\\w$.]+\\([\\w$]+\\.(java|kt):\\d+\\)"),                    // a stack frame
            Pattern.compile("\\b(java|javax|jakarta|sun|jdk)\\.[a-z]+\\.[A-Za-z]"),              // JDK / Jakarta classes
            Pattern.compile("\\b(io\\.vertx|io\\.netty|io\\.quarkus|io\\.smallrye|org\\.hibernate|org\\.jboss|org\\.postgresql"
                    + "|org\\.apache|org\\.eclipse|com\\.fasterxml|com\\.crm)\\."),                     // library and our classes
            Pattern.compile("Exception\\b|\\w+Error:"),                                            // exception names
            Pattern.compile("\\bSELECT\\b[^\\n]{0,200}\\bFROM\\b"),                              // SQL text
            Pattern.compile("\\b(INSERT\\s+INTO|DELETE\\s+FROM|UPDATE\\s+[\\w\".]+\\s+SET)\\b"),
            Pattern.compile("(?i)SQLSTATE|syntax error at or near|violates (unique|foreign key|check) constraint"),
            Pattern.compile("(?<![\\w.])(/tmp/|/home/|/root/|/usr/|/opt/|/var/|/work/|[A-Z]:\\\\)[\\w.-]+"),  // server paths
            Pattern.compile("quarkus-app/|quarkus-run\\.jar|\\.class\\b"));

    private ResponseRules() {
    }

    /** The first internal detail {@code text} shows, if any. */
    static Optional<String> leak(String text) {
        for (Pattern pattern : LEAKS) {
            var matcher = pattern.matcher(text);
            if (matcher.find()) {
                return Optional.of("'" + matcher.group() + "'");
            }
        }
        return Optional.empty();
    }

    /**
     * The rules {@code status}, {@code contentType} and {@code body} break.
     *
     * @param contentType the answer's Content-Type, or null
     */
    static List<Violation> check(int status, String contentType, String body) {
        List<Violation> violations = new ArrayList<>();
        if (status >= 500) {
            violations.add(new Violation(Kind.SERVER_ERROR, Integer.toString(status)));
        }
        if (status >= 400 && status < 500) {
            problemBody(status, contentType, body).ifPresent(why -> violations.add(new Violation(Kind.PROBLEM_BODY, why)));
        }
        if (status >= 300 && body != null) {
            leak(body).ifPresent(what -> violations.add(new Violation(Kind.LEAK, what)));
        }
        return violations;
    }

    /** Why a 4xx's body is not a problem of that status, if it is not. */
    static Optional<String> problemBody(int status, String contentType, String body) {
        if (contentType == null || !contentType.toLowerCase().startsWith("application/problem+json")) {
            return Optional.of("Content-Type " + contentType);
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            return Optional.of("body is not JSON");
        }
        if (problem == null || !problem.isObject()) {
            return Optional.of("body is not a JSON object");
        }
        if (!problem.path("status").isInt() || problem.path("status").intValue() != status) {
            return Optional.of("status " + problem.path("status") + " for " + status);
        }
        if (!problem.path("title").isTextual() || problem.path("title").asText().isBlank()) {
            return Optional.of("no title");
        }
        return Optional.empty();
    }
}
