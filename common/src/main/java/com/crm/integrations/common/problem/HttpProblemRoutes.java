package com.crm.integrations.common.problem;

import java.util.List;
import java.util.Optional;
import java.util.Set;

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

    /** Quarkus's limit: the largest body any route takes. */
    private final long maxBodyBytes;
    /** The limit of every route but the large-body ones. */
    private final long usualBodyBytes;
    /** {@code METHOD /path} of the routes that take bodies up to Quarkus's limit. */
    private final Set<String> largeBodyRoutes;

    public HttpProblemRoutes(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
            @ConfigProperty(name = "integrations.http.max-body-size") Optional<MemorySize> usualBodySize,
            @ConfigProperty(name = "integrations.http.large-body-routes") Optional<List<String>> largeBodyRoutes) {
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.usualBodyBytes = Math.min(maxBodyBytes, usualBodySize.map(MemorySize::asLongValue).orElse(maxBodyBytes));
        this.largeBodyRoutes = Set.copyOf(largeBodyRoutes.orElse(List.of()));
    }

    void register(@Observes Router router) {
        router.route().order(FIRST).handler(this::rejectOversizedBody);
        router.route().order(FIRST).failureHandler(this::renderFailure);
        router.route().last().handler(this::renderNotFound);
    }

    private void rejectOversizedBody(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long limit = limitOf(context);
        if (length != null && exceedsLimit(length, limit)) {
            // Closing after the answer keeps the client from streaming the rest of the body to us.
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            write(context, Problem.of(ProblemType.PAYLOAD_TOO_LARGE, limitDetail(limit), context.request().path()));
            return;
        }
        context.next();
    }

    /**
     * The body limit of the request's route: Quarkus's for a large-body route, the usual one for every other. A body sent
     * without a Content-Length (chunked) is held to Quarkus's limit as it is read.
     */
    private long limitOf(RoutingContext context) {
        if (usualBodyBytes == maxBodyBytes) {
            return maxBodyBytes;
        }
        return largeBodyRoutes.contains(context.request().method().name() + ' ' + context.request().path()) ? maxBodyBytes
                : usualBodyBytes;
    }

    private static boolean exceedsLimit(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
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
            problem = Problem.of(ProblemType.PAYLOAD_TOO_LARGE, limitDetail(maxBodyBytes), context.request().path());
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

    private static String limitDetail(long limit) {
        return "The request body is larger than the limit of " + limit + " bytes.";
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
