package com.crm.integrations.common.problem;

import java.net.URI;
import java.util.Optional;

/**
 * The kinds of problem our APIs report: one place that fixes each kind's status, title and
 * {@code type} URI. docs/errors.md describes each one.
 */
public enum ProblemType {
    MALFORMED_REQUEST(400, "malformed-request", "Malformed request", "The request is malformed."),
    VALIDATION_FAILED(422, "validation-failed", "Validation failed", "The request's content is not acceptable."),
    UNAUTHENTICATED(401, "unauthenticated", "Authentication required",
            "A valid bearer token from the CRM's identity provider is required."),
    FORBIDDEN(403, "forbidden", "Forbidden", "The caller's roles do not allow this operation."),
    NOT_FOUND(404, "not-found", "Not found", "No resource at this path."),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed", "This resource does not support the method."),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable",
            "This resource cannot produce any media type the request accepts."),
    CONFLICT(409, "conflict", "Conflict", "The request conflicts with the resource's current state."),
    PRECONDITION_FAILED(412, "precondition-failed", "Precondition failed",
            "The resource changed since the caller read it."),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large", "The request body is larger than the limit."),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type",
            "This resource does not accept the request's content type."),
    PRECONDITION_REQUIRED(428, "precondition-required", "Precondition required",
            "This update must carry If-Match with the ETag the caller read."),
    TOO_MANY_REQUESTS(429, "too-many-requests", "Too many requests", "Too many requests: retry later."),
    INTERNAL_ERROR(500, "internal-error", "Internal error", "An unexpected error occurred."),
    SERVICE_UNAVAILABLE(503, "service-unavailable", "Service unavailable",
            "A backing service is unavailable; the request may not have been applied. Retry shortly.");

    /** Seconds a caller should wait before retrying a 503 we answer because a backing service is down. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private final int status;
    private final URI uri;
    private final String title;
    private final String defaultDetail;

    ProblemType(int status, String slug, String title, String defaultDetail) {
        this.status = status;
        this.uri = URI.create(Problem.TYPE_BASE + slug);
        this.title = title;
        this.defaultDetail = defaultDetail;
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

    /** The detail given where nothing more specific is known about the failure. */
    public String defaultDetail() {
        return defaultDetail;
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
