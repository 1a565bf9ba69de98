package com.crm.integrations.status.config;

import java.time.Duration;
import java.util.Optional;

import jakarta.validation.constraints.Min;

import com.crm.integrations.status.Integration.Sibling;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * How status-service decides that a sibling's facts are stale ({@code integrations.status.siblings.*}): where each
 * sibling answers its health checks, how often they are asked and how long a failure is tolerated, and how far the
 * projection may fall behind on a sibling's topic. docs/status.md ("How stale is decided") and docs/configuration.md
 * describe them.
 */
@ConfigMapping(prefix = "integrations.status.siblings")
public interface SiblingsConfig {

    /**
     * token-service's base URL ({@code <url>/q/health/ready}, {@code <url>/q/health/group/kafka}); empty: not probed. In
     * Kubernetes its Service, {@code http://token-service}. Defaults to the local run's {@code http://localhost:8081}.
     */
    @WithName("token-service.url")
    @WithDefault("http://localhost:8081")
    Optional<String> tokenServiceUrl();

    /** calendar-service's base URL; empty: not probed. Defaults to {@code http://localhost:8082}. */
    @WithName("calendar-service.url")
    @WithDefault("http://localhost:8082")
    Optional<String> calendarServiceUrl();

    /** mailchimp-service's base URL; empty: not probed. Defaults to {@code http://localhost:8083}. */
    @WithName("mailchimp-service.url")
    @WithDefault("http://localhost:8083")
    Optional<String> mailchimpServiceUrl();

    /** How often each replica probes the siblings and measures its consumer lag (one round at a time). Defaults to 10 s. */
    @WithDefault("10s")
    Duration probeInterval();

    /**
     * The connect timeout and the longest wait for each health answer, and for each question to the Kafka broker about
     * the lag. Defaults to 3 s: a little above the siblings' own 2 s Kafka check, so that a sibling whose broker is down
     * is heard saying so rather than taken for one that does not answer.
     */
    @WithDefault("3s")
    Duration timeout();

    /**
     * How long a sibling must stay unhealthy (or the lag above {@link #maxLag()}) before its cards turn stale, counted
     * from the first failed observation: one failed probe never flips the cards. Defaults to 30 s.
     */
    @WithDefault("30s")
    Duration grace();

    /**
     * The most records status-service's consumer group may be behind on a sibling's topic (summed over its partitions)
     * before that sibling's cards turn stale (after the grace). Defaults to 1000.
     */
    @WithDefault("1000")
    @Min(0)
    long maxLag();

    /** The base URL {@code sibling} is probed at; empty when it is not probed. */
    default Optional<String> url(Sibling sibling) {
        Optional<String> url = switch (sibling) {
            case TOKEN_SERVICE -> tokenServiceUrl();
            case CALENDAR_SERVICE -> calendarServiceUrl();
            case MAILCHIMP_SERVICE -> mailchimpServiceUrl();
        };
        return url.map(String::strip).filter(value -> !value.isEmpty())
                .map(value -> value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    }
}
