package com.crm.integrations.sandbox.mailchimp.service;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.mailchimp.AttemptFailure;
import com.crm.integrations.sandbox.mailchimp.HttpOutcome;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Mailchimp's requests to webhook URLs: the {@code GET} that validates a URL and the form posts. Each waits at most its
 * timeout, for the whole answer; then the request is reset. Never blocks: Vert.x's client, one connection per request
 * (no keep-alive, so a receiver that closes idle connections never fails a post). Redirects are not followed.
 */
@Singleton
public class WebhookHttp {

    /** Mailchimp's user agents [unconf: not in PROVIDERS.md]. */
    private static final String POST_AGENT = "MailChimp";
    private static final String VALIDATOR_AGENT = "MailChimp.com WebHook Validator";
    private static final String FORM = "application/x-www-form-urlencoded";

    private final Vertx vertx;
    private final HttpClient client;

    WebhookHttp(Vertx vertx) {
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false), new PoolOptions().setHttp1MaxSize(64));
    }

    /** {@code GET {url}}, query string included, no body. */
    public Future<HttpOutcome> get(String url, Duration timeout) {
        return send(HttpMethod.GET, url, null, VALIDATOR_AGENT, timeout);
    }

    /** {@code POST {url}} with a form body. */
    public Future<HttpOutcome> post(String url, String form, Duration timeout) {
        return send(HttpMethod.POST, url, form, POST_AGENT, timeout);
    }

    private Future<HttpOutcome> send(HttpMethod method, String url, String body, String agent, Duration timeout) {
        RequestOptions options;
        try {
            options = new RequestOptions().setMethod(method).setAbsoluteURI(url).setFollowRedirects(false)
                    .setConnectTimeout(timeout.toMillis());
        } catch (RuntimeException unusable) {
            return Future.succeededFuture(HttpOutcome.failed(AttemptFailure.UNREACHABLE));
        }
        Promise<HttpOutcome> outcome = Promise.promise();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        long timer = vertx.setTimer(timeout.toMillis(), expired -> {
            if (outcome.tryComplete(HttpOutcome.failed(AttemptFailure.TIMEOUT)) && sent.get() != null) {
                sent.get().reset();
            }
        });
        client.request(options).compose(request -> {
            sent.set(request);
            if (outcome.future().isComplete()) {
                request.reset(); // timed out while connecting
                return Future.failedFuture("timed out");
            }
            request.putHeader(HttpHeaders.USER_AGENT, agent);
            if (body == null) {
                return request.send();
            }
            request.putHeader(HttpHeaders.CONTENT_TYPE, FORM);
            return request.send(body);
        }).compose(response -> response.body().map(ignored -> response.statusCode())).onComplete(answer -> {
            vertx.cancelTimer(timer);
            outcome.tryComplete(answer.succeeded() ? HttpOutcome.answered(answer.result()) : HttpOutcome.failed(AttemptFailure.UNREACHABLE));
        });
        return outcome.future();
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
