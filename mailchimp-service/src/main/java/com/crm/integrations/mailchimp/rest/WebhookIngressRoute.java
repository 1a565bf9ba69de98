package com.crm.integrations.mailchimp.rest;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.crm.integrations.common.problem.Problem;
import com.crm.integrations.common.problem.ProblemType;
import com.crm.integrations.mailchimp.config.MailchimpConfig;
import com.crm.integrations.mailchimp.repository.DeliveryWriter;
import com.crm.integrations.mailchimp.service.HookRegistry;
import com.crm.integrations.mailchimp.webhook.Hook;
import com.crm.integrations.mailchimp.webhook.ReceivedPost;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The public ingress of Mailchimp's audience webhooks, {@code /webhooks/mailchimp/{hook}?secret=…}: a Vert.x route
 * rather than a JAX-RS resource, to read the raw body under its own limit and answer before any bearer-token check
 * (the secret is the proof; see docs/mailchimp.md). Rules:
 * <ul>
 * <li>unknown hook or wrong secret: 404 with a problem body, nothing stored (one answer for both);</li>
 * <li>{@code GET} (Mailchimp's validation when the webhook is created) and an empty {@code POST}: 200, empty, no side
 * effect;</li>
 * <li>a body over {@code max-body-size}: 413 problem;</li>
 * <li>a {@code POST}: 200 only once it is durably stored (a retry of a stored post too); PostgreSQL unreachable: 503 with
 * {@code Retry-After} so Mailchimp retries. Never 410: that disables the webhook at Mailchimp for good.</li>
 * </ul>
 * The URL carries the secret: neither it nor the query string is ever logged (problem bodies name the path only).
 */
@ApplicationScoped
public class WebhookIngressRoute {

    /** The path, the hook's id its last segment. */
    public static final String PATH = "/webhooks/mailchimp/";

    private static final Logger LOG = Logger.getLogger(WebhookIngressRoute.class);
    private static final String METRIC = "mailchimp.webhook.posts";

    private final HookRegistry hooks;
    private final DeliveryWriter writer;
    private final Clock clock;
    private final MailchimpConfig.Webhooks config;
    private final MeterRegistry metrics;
    private final long maxBody;

    public WebhookIngressRoute(HookRegistry hooks, DeliveryWriter writer, Clock clock, MailchimpConfig config,
            MeterRegistry metrics) {
        this.hooks = hooks;
        this.writer = writer;
        this.clock = clock;
        this.config = config.webhooks();
        this.metrics = metrics;
        this.maxBody = config.webhooks().maxBodySize().asLongValue();
    }

    void register(@Observes Router router) {
        router.route(PATH + ":hook").handler(this::handle);
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpMethod method = request.method();
        if (!HttpMethod.POST.equals(method) && !HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            context.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD, POST");
            problem(context, Problem.of(ProblemType.METHOD_NOT_ALLOWED, request.path()), "method_not_allowed");
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && tooLarge(length)) {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            problem(context, tooLargeProblem(request), "too_large");
            return;
        }
        request.pause();
        String hookId = context.pathParam("hook");
        String secret = request.getParam("secret");
        if (secret == null || secret.isEmpty() || hookId == null || hookId.isEmpty()) {
            request.resume();
            notFound(context);
            return;
        }
        hooks.open(hookId, secret).subscribe().with(hook -> {
            if (hook.isEmpty()) {
                request.resume();
                notFound(context);
            } else if (!HttpMethod.POST.equals(method)) {
                request.resume();
                ok(context, "validation");
            } else {
                readBody(context, hook.get());
            }
        }, failure -> {
            request.resume();
            unavailable(context, failure);
        });
    }

    private void readBody(RoutingContext context, Hook hook) {
        HttpServerRequest request = context.request();
        Buffer body = Buffer.buffer();
        boolean[] refused = { false };
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBody) {
                refused[0] = true;
                context.response().putHeader(HttpHeaders.CONNECTION, "close");
                problem(context, tooLargeProblem(request), "too_large");
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(failure -> LOG.debugf("A webhook post for hook %s broke off: %s", hook.hookId(), failure));
        request.endHandler(end -> {
            if (!refused[0]) {
                store(context, hook, body.getBytes());
            }
        });
        request.resume();
    }

    private void store(RoutingContext context, Hook hook, byte[] body) {
        if (body.length == 0) {
            ok(context, "validation");
            return;
        }
        Instant receivedAt = clock.instant();
        ReceivedPost post = ReceivedPost.read(body, hook.audienceId(), receivedAt, config.replayTolerance(),
                config.futureTolerance());
        writer.store(new DeliveryWriter.Incoming(hook.hookId(), post, body)).subscribe().with(outcome -> {
            switch (outcome) {
                case STORED -> ok(context, post.status().wireName());
                case DUPLICATE -> ok(context, "duplicate");
                case UNKNOWN_HOOK -> notFound(context);
            }
        }, failure -> unavailable(context, failure));
    }

    private boolean tooLarge(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBody;
        } catch (NumberFormatException malformed) {
            return false; // Vert.x refuses a malformed Content-Length itself
        }
    }

    private Problem tooLargeProblem(HttpServerRequest request) {
        return Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "A webhook body is at most " + maxBody + " bytes.", request.path());
    }

    private void ok(RoutingContext context, String outcome) {
        count(outcome);
        if (!context.response().ended()) {
            context.response().setStatusCode(200).end();
        }
    }

    private void notFound(RoutingContext context) {
        problem(context, Problem.of(ProblemType.NOT_FOUND, "No webhook at this address.", context.request().path()), "not_found");
    }

    private void unavailable(RoutingContext context, Throwable failure) {
        LOG.warnf("A webhook post could not be stored, answered 503: %s", failure.toString());
        context.response().putHeader("Retry-After", Integer.toString(ProblemType.RETRY_AFTER_SECONDS));
        problem(context, Problem.of(ProblemType.SERVICE_UNAVAILABLE,
                "The post could not be stored now; nothing was kept. Retry later.", context.request().path()), "unavailable");
    }

    private void problem(RoutingContext context, Problem problem, String outcome) {
        count(outcome);
        if (context.response().ended()) {
            return;
        }
        context.response().setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.encode(problem));
    }

    private void count(String outcome) {
        metrics.counter(METRIC, "outcome", outcome).increment();
    }
}
