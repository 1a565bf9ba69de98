package com.crm.integrations.sandbox.mailchimp.rest;

import java.util.Map;

import jakarta.ws.rs.core.Response;

/** The Marketing API's successful JSON answers. */
final class MailchimpJson {

    static final String JSON_UTF8 = "application/json; charset=utf-8";

    private MailchimpJson() {
    }

    static Response ok(Map<String, Object> body) {
        return Response.ok(body, JSON_UTF8).build();
    }
}
