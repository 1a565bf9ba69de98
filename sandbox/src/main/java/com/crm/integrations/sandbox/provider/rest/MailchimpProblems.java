package com.crm.integrations.sandbox.provider.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.core.Response;

/** Mailchimp's problem-details errors (PROVIDERS.md §5.4). */
final class MailchimpProblems {

    static final String PROBLEM_JSON = "application/problem+json; charset=utf-8";
    private static final String TYPE = "https://mailchimp.com/developer/marketing/docs/errors/";

    private MailchimpProblems() {
    }

    /** 401 {@code API Key Missing} without credentials, else {@code API Key Invalid}. */
    static Response unauthorized(boolean missing) {
        return missing
                ? problem(401, "API Key Missing", "Your request did not include an API key.")
                : problem(401, "API Key Invalid", "Your API key may be invalid, or you've attempted to access the wrong datacenter.");
    }

    static Response problem(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", UUID.randomUUID().toString());
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }
}
