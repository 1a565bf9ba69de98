package com.crm.integrations.token.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What the command's two HTTP clients share: reading bodies that may not be JSON, and naming a failed call. */
final class Http {

    private Http() {
    }

    /** The body as JSON, or null when it is empty or not JSON (a proxy's HTML page). */
    static JsonNode jsonOrNull(ObjectMapper json, String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Why a call did not get an answer, in a few words. */
    static String describe(IOException failure) {
        if (failure instanceof ConnectException) {
            return "connection refused";
        }
        if (failure instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}
