package com.crm.integrations.common.problem;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * An RFC 9457 problem-details body. Every error any service returns has this shape, with
 * media type {@value #MEDIA_TYPE}. {@code detail} is written for the caller: it never carries a
 * stack trace, a class name, SQL or a secret.
 *
 * @param type     a URI naming the kind of problem ({@code about:blank} when the status says it all)
 * @param title    a short summary of the kind of problem, the same for every occurrence
 * @param status   the HTTP status
 * @param detail   what went wrong with this request
 * @param instance the request path
 * @param errors   per-field violations, for input that failed validation
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** The base of our problem {@code type} URIs; each names a section of docs/errors.md. */
    public static final String TYPE_BASE = "https://crm-integrations.dev/problems/";

    /**
     * The longest {@code detail} sent, in characters: a detail that quotes the caller's value (an unknown name, say) is
     * cut there, so a 200 KB value is not answered with 200 KB (found by the reliability suite).
     */
    public static final int MAX_DETAIL = 1_000;

    private static final URI ABOUT_BLANK = URI.create("about:blank");

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
        detail = shortened(detail);
    }

    /** {@code detail} itself, or its first {@value #MAX_DETAIL} characters ending in "…" (never half a surrogate pair). */
    static String shortened(String detail) {
        if (detail == null || detail.length() <= MAX_DETAIL) {
            return detail;
        }
        int end = MAX_DETAIL - 1;
        if (Character.isHighSurrogate(detail.charAt(end - 1))) {
            end--;
        }
        return detail.substring(0, end) + "…";
    }

    public static Problem of(ProblemType type, String detail, String instance) {
        return new Problem(type.uri(), type.title(), type.status(), detail, instance, List.of());
    }

    /**
     * A problem known only by its HTTP status (a failure outside JAX-RS, or a framework exception):
     * the catalogued type of that status, else {@code about:blank} with the status's reason phrase.
     */
    public static Problem ofStatus(int status, String instance) {
        return ProblemType.forStatus(status)
                .map(type -> of(type, type.defaultDetail(), instance))
                .orElseGet(() -> new Problem(ABOUT_BLANK, HttpResponseStatus.valueOf(status).reasonPhrase(), status,
                        "The request cannot be served (HTTP " + status + ").", instance, List.of()));
    }

    /** The problem of a catalogued type with that type's default detail. */
    public static Problem of(ProblemType type, String instance) {
        return of(type, type.defaultDetail(), instance);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors);
    }

    /**
     * One rejected field.
     *
     * @param field   a JSON-pointer-like path to the field ({@code direction}, {@code roles[1]})
     * @param message why it was rejected
     */
    public record FieldError(String field, String message) {
    }
}
