package com.crm.integrations.sandbox.provider.rest;

import com.crm.integrations.sandbox.error.InvalidRequestException;

/** The control API's JSON request bodies. */
final class JsonBodies {

    private JsonBodies() {
    }

    /** @throws InvalidRequestException when the request had no body */
    static <T> T required(T body) {
        if (body == null) {
            throw new InvalidRequestException("a JSON body is required");
        }
        return body;
    }
}
