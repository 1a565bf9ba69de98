package com.crm.integrations.status.health;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.status.config.SiblingsConfig;

import io.netty.channel.ConnectTimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Asks a sibling whether it is healthy: {@code GET <url>/q/health/ready} must answer 200, then
 * {@code GET <url>/q/health/group/kafka} must answer UP (a sibling whose broker is down stays ready by design: common's
 * {@code KafkaBrokerHealthCheck} reports the broker in its own group). Non-blocking (Vert.x's web client on the event
 * loop), every connection and answer bounded by {@code integrations.status.siblings.timeout}; the two questions are
 * asked one after the other, so a probe holds at most one request to its sibling.
 */
@ApplicationScoped
public class SiblingProbes {

    static final String READY = "/q/health/ready";
    static final String KAFKA = "/q/health/group/kafka";

    /** What a probe found: healthy, or why not. */
    public record Health(boolean healthy, String reason) {

        static final Health UP = new Health(true, null);

        static Health down(String reason) {
            return new Health(false, reason);
        }
    }

    private final WebClient client;
    private final Duration timeout;

    public SiblingProbes(Vertx vertx, SiblingsConfig config) {
        this.timeout = config.timeout();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setMaxPoolSize(4)
                .setFollowRedirects(false)
                .setUserAgent("status-service"));
    }

    /** Probes the sibling {@code name} at base URL {@code url}. Never fails: a failure is an unhealthy answer. */
    public Uni<Health> probe(String name, String url) {
        return get(url + READY).chain(ready -> {
            if (ready.statusCode() != 200) {
                return Uni.createFrom().item(Health.down(name + " is not ready (HTTP " + ready.statusCode() + ")"));
            }
            return get(url + KAFKA).map(kafka -> kafkaUp(kafka) ? Health.UP : Health.down(name + " cannot reach Kafka"));
        }).onFailure().recoverWithItem(failure -> Health.down(unreachable(name, failure)));
    }

    private Uni<HttpResponse<Buffer>> get(String url) {
        return client.getAbs(url).timeout(timeout.toMillis()).send()
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no answer from " + url));
    }

    private static boolean kafkaUp(HttpResponse<Buffer> answer) {
        if (answer.statusCode() != 200) {
            return false;
        }
        try {
            JsonObject body = answer.bodyAsJsonObject();
            return body != null && "UP".equals(body.getString("status"));
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    private String unreachable(String name, Throwable failure) {
        if (failure instanceof TimeoutException || failure instanceof io.smallrye.mutiny.TimeoutException) {
            return name + " did not answer within " + timeout.toMillis() + " ms";
        }
        if (failure instanceof ConnectTimeoutException) {
            return name + " cannot be reached (no connection within " + timeout.toMillis() + " ms)";
        }
        if (failure instanceof ConnectException) {
            return name + " cannot be reached (connection refused)";
        }
        if (failure instanceof UnknownHostException) {
            return name + " cannot be reached (unknown host)";
        }
        return name + " cannot be reached (" + failure.getClass().getSimpleName() + ")";
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
