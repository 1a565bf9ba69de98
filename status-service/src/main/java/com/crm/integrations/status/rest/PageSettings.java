package com.crm.integrations.status.rest;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.crm.integrations.status.config.PageConfig;

/**
 * What the integrations page needs to know about where it runs (its {@code config.json}), and the Content Security
 * Policy its document is served with, both from {@link PageConfig}.
 */
@Schema(name = "PageSettings", description = "Where the integrations page finds the sibling services, and who may embed it")
public record PageSettings(
        @Schema(description = "token-service's base URL for the browser; empty: the page's own origin") String tokenServiceUrl,
        @Schema(description = "calendar-service's base URL for the browser; empty: the page's own origin") String calendarServiceUrl,
        @Schema(description = "mailchimp-service's base URL for the browser; empty: the page's own origin") String mailchimpServiceUrl,
        @Schema(description = "The CRM origins that may embed the page and post it the user's token") List<String> allowedParentOrigins) {

    public PageSettings {
        allowedParentOrigins = List.copyOf(allowedParentOrigins);
    }

    public static PageSettings of(PageConfig config) {
        return new PageSettings(base(config.tokenServiceUrl()), base(config.calendarServiceUrl()), base(config.mailchimpServiceUrl()),
                config.allowedParentOrigins().orElse(List.of()));
    }

    /**
     * The page document's policy: its own scripts and styles only, calls to itself and the three siblings, framed only by
     * the allowed parents (none when there are none), no plugins, no {@code <base>}, no form posts.
     */
    public String contentSecurityPolicy() {
        Set<String> connect = new LinkedHashSet<>();
        connect.add("'self'");
        for (String url : List.of(tokenServiceUrl, calendarServiceUrl, mailchimpServiceUrl)) {
            if (!url.isEmpty()) {
                URI uri = URI.create(url);
                connect.add(uri.getScheme() + "://" + uri.getRawAuthority());
            }
        }
        String ancestors = allowedParentOrigins.isEmpty() ? "'none'" : String.join(" ", allowedParentOrigins);
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src " + String.join(" ", connect)
                + "; frame-ancestors " + ancestors + "; base-uri 'none'; form-action 'none'; object-src 'none'";
    }

    private static String base(Optional<String> url) {
        return url.map(value -> value.endsWith("/") ? value.substring(0, value.length() - 1) : value).orElse("");
    }
}
