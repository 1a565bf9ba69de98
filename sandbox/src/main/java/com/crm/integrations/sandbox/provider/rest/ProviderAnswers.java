package com.crm.integrations.sandbox.provider.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import com.crm.integrations.sandbox.provider.ApiAnswer;
import com.crm.integrations.sandbox.provider.ConsentPage;
import com.crm.integrations.sandbox.provider.ErrorPage;
import com.crm.integrations.sandbox.provider.JsonAnswer;
import com.crm.integrations.sandbox.provider.ProviderAnswer;
import com.crm.integrations.sandbox.provider.Redirect;

/** Renders a stand-in's {@link ProviderAnswer} as its HTTP response: JSON never cached, pages and redirects. */
public final class ProviderAnswers {

    static final String JSON_UTF8 = "application/json; charset=utf-8";

    private ProviderAnswers() {
    }

    public static Response response(ProviderAnswer answer) {
        if (answer instanceof JsonAnswer json) {
            return json(json);
        }
        if (answer instanceof ApiAnswer api) {
            return api(api);
        }
        if (answer instanceof ErrorPage page) {
            return Pages.error(page);
        }
        if (answer instanceof Redirect redirect) {
            return Pages.redirect(redirect);
        }
        return Pages.consent((ConsentPage) answer);
    }

    /** A provider API's answer with its own headers; JSON unless they name another {@code Content-Type} (Mailchimp's problem JSON). */
    public static Response api(ApiAnswer answer) {
        Response.ResponseBuilder response = Response.status(answer.status()).type(answer.headers().getOrDefault(HttpHeaders.CONTENT_TYPE, JSON_UTF8))
                .entity(answer.body());
        answer.headers().forEach((name, value) -> {
            if (!HttpHeaders.CONTENT_TYPE.equals(name)) {
                response.header(name, value);
            }
        });
        return response.build();
    }

    /** RFC 6749 §5.1: {@code Cache-Control: no-store} and {@code Pragma: no-cache}; the challenge when there is one. */
    static Response json(JsonAnswer answer) {
        Response.ResponseBuilder response = Response.status(answer.status())
                .type(JSON_UTF8)
                .entity(answer.body())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache");
        if (answer.wwwAuthenticate() != null) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, answer.wwwAuthenticate());
        }
        return response.build();
    }
}
