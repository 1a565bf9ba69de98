package com.crm.integrations.common.problem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Problem bodies for what Quarkus answers before JAX-RS sees the request: a body over the limit,
 * a path no route serves, and any failure a Vert.x route ends with. Exception mappers never see
 * these, so without this they would go out as empty or HTML bodies.
 */
@ApplicationScoped
public class HttpProblemRoutes {

    /** Before every other route: Quarkus's own body handling would answer 413 with no body. */
    static final int FIRST = Integer.MIN_VALUE + 100;

    private final long maxBodyBytes;

    public HttpProblemRoutes(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void register(@Observes Router router) {
        router.route().order(FIRST).handler(this::rejectOversizedBody);
        router.route().order(FIRST).failureHandler(this::renderFailure);
        router.route().last().handler(this::renderNotFound);
    }

    private void rejectOversizedBody(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && exceedsLimit(length)) {
            // Closing after the answer keeps the client from streaming the rest of the body to us.
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            write(context, Problem.of(ProblemType.PAYLOAD_TOO_LARGE, limitDetail(), context.request().path()));
            return;
        }
        context.next();
    }

    private boolean exceedsLimit(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBodyBytes;
        } catch (NumberFormatException malformed) {
            return false; // Vert.x rejects a malformed Content-Length itself
        }
    }

    private void renderFailure(RoutingContext context) {
        if (context.response().headWritten()) {
            context.next();
            return;
        }
        int status = context.statusCode();
        if ((status == -1 || status == 500) && context.failure() != null) {
            // Failed with an exception rather than a status (e.g. a security check on a path rule).
            ProblemType type = ProblemStatusTable.typeOf(context.failure());
            status = type == ProblemType.INTERNAL_ERROR ? 500 : type.status();
        } else if (status == -1) {
            status = 500;
        }
        Problem problem;
        if (status == ProblemType.PAYLOAD_TOO_LARGE.status()) {
            problem = Problem.of(ProblemType.PAYLOAD_TOO_LARGE, limitDetail(), context.request().path());
        } else if (status == ProblemType.SERVICE_UNAVAILABLE.status()) {
            context.response().putHeader("Retry-After", Integer.toString(ProblemType.RETRY_AFTER_SECONDS));
            problem = ServerFailures.serviceUnavailable(context.failure(), context.request().method().name(),
                    context.request().path());
        } else if (status >= 500) {
            // A failure that escaped JAX-RS is a bug, rendered like one from JAX-RS.
            problem = ServerFailures.internalError(context.failure(), context.request().method().name(),
                    context.request().path());
        } else {
            problem = Problem.ofStatus(status, context.request().path());
        }
        if (status == ProblemType.UNAUTHENTICATED.status()) {
            unauthenticated(context, problem);
        } else {
            write(context, problem);
        }
    }

    private void renderNotFound(RoutingContext context) {
        write(context, Problem.of(ProblemType.NOT_FOUND, context.request().path()));
    }

    private String limitDetail() {
        return "The request body is larger than the limit of " + maxBodyBytes + " bytes.";
    }

    /** A 401 problem with the bearer challenge: also what the authentication mechanism sends. */
    public static void unauthenticated(RoutingContext context, Problem problem) {
        context.response().putHeader("WWW-Authenticate", ProblemExceptionMappers.BEARER_CHALLENGE);
        write(context, problem);
    }

    private static void write(RoutingContext context, Problem problem) {
        context.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.encode(problem));
    }
}
