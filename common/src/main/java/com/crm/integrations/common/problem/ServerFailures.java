package com.crm.integrations.common.problem;

import java.util.UUID;

import org.jboss.logging.Logger;

/**
 * The one place a failure that is not the caller's becomes a problem: a bug (500, logged with its
 * stack trace under a reference, and only the reference reaches the caller) or a backing service
 * that is down (503, one WARN line). The JAX-RS mappers and the Vert.x routes both render these;
 * each adds its transport's headers ({@code Retry-After}).
 */
final class ServerFailures {

    private static final Logger LOG = Logger.getLogger(ServerFailures.class);

    private ServerFailures() {
    }

    /** A bug: its cause goes to the log under a fresh reference, and the caller gets only that reference. */
    static Problem internalError(Throwable failure, String method, String path) {
        String reference = UUID.randomUUID().toString();
        LOG.errorf(failure, "Unexpected failure on %s %s, reference %s", method, path, reference);
        return Problem.of(ProblemType.INTERNAL_ERROR, "An unexpected error occurred. Reference: " + reference, path);
    }

    /** A backing service is down: not our bug, and the cause is known, so one WARN line and no stack trace. */
    static Problem serviceUnavailable(Throwable cause, String method, String path) {
        LOG.warnf("%s %s failed: a backing service is unavailable (%s)", method, path,
                cause == null ? "no cause" : cause.getClass().getSimpleName());
        return Problem.of(ProblemType.SERVICE_UNAVAILABLE, path);
    }
}
