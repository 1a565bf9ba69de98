package com.crm.integrations.common.problem;

import java.net.URI;
import java.util.Optional;

/**
 * The kinds of problem our APIs report: one place that fixes each kind's status, title and
 * {@code type} URI. docs/errors.md describes each one.
 */
public enum ProblemType {
    MALFORMED_REQUEST(400, "malformed-request", "Malformed request"),
    VALIDATION_FAILED(422, "validation-failed", "Validation failed"),
    UNAUTHENTICATED(401, "unauthenticated", "Authentication required"),
    FORBIDDEN(403, "forbidden", "Forbidden"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    CONFLICT(409, "conflict", "Conflict"),
    PRECONDITION_FAILED(412, "precondition-failed", "Precondition failed"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    PRECONDITION_REQUIRED(428, "precondition-required", "Precondition required"),
    TOO_MANY_REQUESTS(429, "too-many-requests", "Too many requests"),
    INTERNAL_ERROR(500, "internal-error", "Internal error"),
    SERVICE_UNAVAILABLE(503, "service-unavailable", "Service unavailable");

    /** Seconds a caller should wait before retrying a 503 we answer because a backing service is down. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private final int status;
    private final URI uri;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.uri = URI.create(Problem.TYPE_BASE + slug);
        this.title = title;
    }

    public int status() {
        return status;
    }

    public URI uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    /** The catalogued type of a bare HTTP status, if there is one. */
    public static Optional<ProblemType> forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
