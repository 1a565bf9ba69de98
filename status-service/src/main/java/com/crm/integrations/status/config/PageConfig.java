package com.crm.integrations.status.config;

import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Pattern;

import io.smallrye.config.ConfigMapping;

/**
 * The integrations page's settings ({@code integrations.page.*}; docs/configuration.md and docs/status.md): where the
 * page finds the sibling services it calls, and which CRM origins may embed it and hand it a token. A value that is not
 * what its Javadoc says stops the service at start-up.
 */
@ConfigMapping(prefix = "integrations.page")
public interface PageConfig {

    /** An http(s) base URL without query or fragment: {@code https://integrations.example.com}, {@code http://localhost:8081}. */
    String BASE_URL = "https?://[^\\s/?#]+(/[^\\s?#]*)?";

    /** An origin: scheme, host and port, nothing else ({@code https://crm.example.com}). */
    String ORIGIN = "https?://[^\\s/?#]+";

    /**
     * token-service's base URL as the browser reaches it ({@code /connections/...}). Defaults to empty: the page's own
     * origin, as behind the Kubernetes ingress.
     */
    Optional<@Pattern(regexp = BASE_URL) String> tokenServiceUrl();

    /** calendar-service's base URL as the browser reaches it ({@code /calendar/...}). Defaults to empty: the page's origin. */
    Optional<@Pattern(regexp = BASE_URL) String> calendarServiceUrl();

    /** mailchimp-service's base URL as the browser reaches it ({@code /mailchimp/...}). Defaults to empty: the page's origin. */
    Optional<@Pattern(regexp = BASE_URL) String> mailchimpServiceUrl();

    /**
     * The CRM origins that may frame the page ({@code frame-ancestors}) and hand it the user's token by
     * {@code postMessage}. Defaults to none: the page cannot be embedded and takes no token from a parent (the local
     * demo passes one in the URL's fragment).
     */
    Optional<List<@Pattern(regexp = ORIGIN) String>> allowedParentOrigins();

    /**
     * The origins the page is served from, whose cross-origin calls every service answers (CORS). Read in every service
     * by common's {@code PageCorsInterceptor}; named here so that status-service's mapping knows the key.
     * Defaults to none: CORS off.
     */
    Optional<List<@Pattern(regexp = ORIGIN) String>> origins();
}
