package com.crm.integrations.sandbox.calendar.rest;

import java.util.Map;

import jakarta.ws.rs.core.Response;

/** The calendar APIs' successful JSON answers. */
final class CalendarJson {

    static final String JSON_UTF8 = "application/json; charset=UTF-8";

    private CalendarJson() {
    }

    static Response ok(Map<String, Object> body) {
        return Response.ok(body, JSON_UTF8).build();
    }
}
