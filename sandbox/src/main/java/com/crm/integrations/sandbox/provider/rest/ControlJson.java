package com.crm.integrations.sandbox.provider.rest;

import java.net.URI;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import com.crm.integrations.sandbox.error.InvalidRequestException;

/** The JSON of the stand-ins' control API: a request body that must be there, a 201 naming what was created. */
final class ControlJson {

    private ControlJson() {
    }

    /** @throws InvalidRequestException when the request had no body */
    static <T> T required(T body) {
        if (body == null) {
            throw new InvalidRequestException("a JSON body is required");
        }
        return body;
    }

    /** 201 with {@code Location: <collection>/<value>} and the body {@code {"<field>": "<value>"}}. */
    static Response created(String collection, String field, String value) {
        return Response.created(URI.create(collection + "/" + value)).entity(Map.of(field, value)).build();
    }
}
