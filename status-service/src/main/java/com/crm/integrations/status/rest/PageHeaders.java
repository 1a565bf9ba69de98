package com.crm.integrations.status.rest;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.crm.integrations.status.config.PageConfig;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * How the integrations page's static files (META-INF/resources/integrations/) go out. {@code /integrations} redirects to
 * {@code /integrations/} (Quarkus serves a directory's index page only with the slash), keeping the query: token-service's
 * return URL may name either. The document goes out with its Content Security Policy ({@link PageSettings#contentSecurityPolicy()}:
 * who may frame it, what it may call), no referrer and no sniffing; the document and its scripts and styles are revalidated
 * on every load (Quarkus would let browsers keep them a day, immutable), so that a new deployment is picked up at once.
 */
@Singleton
public class PageHeaders {

    /** Before the static resources' handler, which ends these responses. */
    static final int ORDER = -1_000;
    static final String PAGE_WITHOUT_SLASH = "^/integrations$";
    static final String PAGE_DOCUMENT = "^/integrations/(index\\.html)?$";
    static final String PAGE_ASSET = "^/integrations/[a-z0-9-]+\\.(css|js)$";

    private final String contentSecurityPolicy;

    public PageHeaders(PageConfig config) {
        this.contentSecurityPolicy = PageSettings.of(config).contentSecurityPolicy();
    }

    void register(@Observes Router router) {
        router.routeWithRegex(PAGE_WITHOUT_SLASH).method(HttpMethod.GET).method(HttpMethod.HEAD).order(ORDER).handler(this::redirect);
        router.routeWithRegex(PAGE_DOCUMENT).method(HttpMethod.GET).method(HttpMethod.HEAD).order(ORDER).handler(this::document);
        router.routeWithRegex(PAGE_ASSET).method(HttpMethod.GET).method(HttpMethod.HEAD).order(ORDER).handler(PageHeaders::revalidated);
    }

    private void redirect(RoutingContext context) {
        String query = context.request().query();
        // Relative, so that it holds behind a proxy that adds a path prefix.
        context.response().setStatusCode(302)
                .putHeader(HttpHeaders.LOCATION, "integrations/" + (query == null || query.isEmpty() ? "" : "?" + query))
                .end();
    }

    private void document(RoutingContext context) {
        context.response().headers()
                .set("Content-Security-Policy", contentSecurityPolicy)
                .set("Referrer-Policy", "no-referrer")
                .set("X-Content-Type-Options", "nosniff");
        revalidated(context);
    }

    private static void revalidated(RoutingContext context) {
        // Last: the static handler sets its own Cache-Control when it answers.
        context.addHeadersEndHandler(ignored -> context.response().headers().set(HttpHeaders.CACHE_CONTROL, "no-cache"));
        context.next();
    }
}
