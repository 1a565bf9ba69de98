package com.crm.integrations.sandbox.provider.rest;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.crm.integrations.sandbox.provider.ConsentPage;
import com.crm.integrations.sandbox.provider.ErrorPage;
import com.crm.integrations.sandbox.provider.PendingConsent;
import com.crm.integrations.sandbox.provider.Redirect;
import com.crm.integrations.sandbox.provider.Scopes;

/**
 * The browser side of the stand-ins: the consent page, error pages and redirects back to the client. The consent page
 * carries its id twice, in the form's hidden {@code consent} field and in the {@code X-Sandbox-Consent} header, so that
 * tests need not parse HTML.
 */
final class Pages {

    static final String CONSENT_HEADER = "X-Sandbox-Consent";
    static final String ERROR_HEADER = "X-Sandbox-Error";
    private static final MediaType HTML = MediaType.valueOf("text/html;charset=UTF-8");

    private Pages() {
    }

    static Response consent(ConsentPage page) {
        String providerName = page.providerName();
        PendingConsent consent = page.consent();
        String account = page.account();
        String dc = page.dc();
        var request = consent.request();
        StringBuilder html = new StringBuilder(2048)
                .append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sandbox ")
                .append(escape(providerName)).append(": consent</title></head>\n<body>\n<h1>Sandbox ")
                .append(escape(providerName)).append("</h1>\n<p>The app <code>").append(escape(request.clientId()))
                .append("</code> asks for access to your account");
        if (request.scopes().isEmpty()) {
            html.append(".</p>\n");
        } else {
            html.append(":</p>\n<ul>\n");
            request.scopes().forEach(scope -> html.append("<li><code>").append(escape(scope)).append("</code></li>\n"));
            html.append("</ul>\n");
        }
        html.append("<form method=\"post\" action=\"").append(escape(page.consentPath())).append("\">\n")
                .append("<input type=\"hidden\" name=\"consent\" value=\"").append(escape(consent.id())).append("\">\n")
                .append("<p><label>Account <input type=\"text\" name=\"account\" size=\"40\" value=\"").append(escape(account))
                .append("\"></label></p>\n");
        if (!request.scopes().isEmpty()) {
            html.append("<p><label>Scopes granted (remove any to refuse it) <input type=\"text\" name=\"scope\" size=\"80\" value=\"")
                    .append(escape(Scopes.join(request.scopes()))).append("\"></label></p>\n");
        }
        if (dc != null) {
            html.append("<p><label>Data centre <input type=\"text\" name=\"dc\" size=\"8\" value=\"").append(escape(dc))
                    .append("\"></label></p>\n");
        }
        html.append("<p><button type=\"submit\" name=\"decision\" value=\"approve\">Allow</button>\n")
                .append("<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></p>\n</form>\n</body></html>\n");
        return Response.ok(html.toString(), HTML)
                .header(CONSENT_HEADER, consent.id())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    /** A 400 error page: what a provider shows when it cannot, or will not, redirect back. */
    static Response error(ErrorPage page) {
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sandbox " + escape(page.providerName())
                + ": error</title></head>\n<body>\n<h1>Error 400: " + escape(page.error()) + "</h1>\n<p>" + escape(page.description())
                + "</p>\n</body></html>\n";
        return Response.status(400).type(HTML)
                .entity(html)
                .header(ERROR_HEADER, page.error())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    /** A 302 to the redirect URI with the parameters added to its query ({@code null} values left out). */
    static Response redirect(Redirect redirect) {
        StringBuilder location = new StringBuilder(redirect.redirectUri());
        char separator = redirect.redirectUri().contains("?") ? '&' : '?';
        for (Map.Entry<String, String> parameter : redirect.parameters().entrySet()) {
            if (parameter.getValue() == null) {
                continue;
            }
            location.append(separator).append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
            separator = '&';
        }
        return Response.status(302).location(URI.create(location.toString())).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
