package com.crm.integrations.sandbox.provider.rest;

import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.control.rest.FaultInjectionRoute;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.TokenRequestEntry;
import com.crm.integrations.sandbox.provider.service.TokenRequestLog;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Logs every request to a stand-in's token endpoint in the {@link TokenRequestLog}: stamped on arrival, as a Vert.x
 * route ordered just before the {@link FaultInjectionRoute} (so before any latency rule holds it back), and recorded
 * when its response ends, faulted ones included. The resource that reads the form names its {@code grant_type}
 * ({@link #noteGrantType}).
 */
@Singleton
public class TokenRequestRoute {

    static final int ORDER = FaultInjectionRoute.ORDER - 1;
    private static final String NOTE = TokenRequestRoute.class.getName();
    private static final Pattern MICROSOFT_TOKEN = Pattern.compile("/microsoft/[^/]+/oauth2/v2\\.0/token");
    private static final Set<String> GRANT_TYPES = Set.of("authorization_code", "refresh_token", "client_credentials", "password",
            "urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:jwt-bearer",
            "urn:ietf:params:oauth:grant-type:token-exchange");

    /** What the resource learns of a request while the route waits for its response. */
    private static final class Note {
        private volatile String grantType;
    }

    private final TokenRequestLog log;

    TokenRequestRoute(TokenRequestLog log) {
        this.log = log;
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::stamp);
    }

    /** The token endpoint's resource: the request's {@code grant_type}, as the log may show it. */
    static void noteGrantType(RoutingContext rc, String grantType) {
        if (rc != null && rc.get(NOTE) instanceof Note note) {
            note.grantType = grantType == null ? null : GRANT_TYPES.contains(grantType) ? grantType : "other";
        }
    }

    private void stamp(RoutingContext rc) {
        Provider provider = tokenEndpointOf(rc.normalizedPath());
        if (provider != null) {
            long at = System.currentTimeMillis();
            Note note = new Note();
            rc.put(NOTE, note);
            rc.addEndHandler(ended -> log.record(provider, new TokenRequestEntry(at, note.grantType, FaultInjectionRoute.statusSent(rc, ended),
                    FaultInjectionRoute.faulted(rc))));
        }
        rc.next();
    }

    /** The provider whose token endpoint {@code path} is, or {@code null}. */
    static Provider tokenEndpointOf(String path) {
        return switch (path) {
            case "/google/token" -> Provider.GOOGLE;
            case "/mailchimp/oauth2/token" -> Provider.MAILCHIMP;
            case "/generic/token" -> Provider.GENERIC;
            default -> MICROSOFT_TOKEN.matcher(path).matches() ? Provider.MICROSOFT : null;
        };
    }
}
