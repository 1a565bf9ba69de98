package com.crm.integrations.testing.contract;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/** Assertions on RFC 9457 problem-details responses. */
public final class Problems {

    private Problems() {
    }

    /**
     * The response has {@code status}, a problem body of that status and our type URI, and
     * nothing of our internals: no exception or class name, no stack frame, no SQL.
     */
    public static ValidatableResponse assertProblem(Response response, int status, String typeSlug) {
        return response.then()
                .statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(status))
                .body("type", equalTo("https://crm-integrations.dev/problems/" + typeSlug))
                .body("title", not(equalTo(null)))
                .body("detail", not(equalTo(null)))
                .body(not(containsString("Exception")))
                .body(not(containsString("java.")))
                .body(not(containsString("com.crm.")))
                .body(not(containsString("\tat ")))
                .body(not(containsString("SELECT")));
    }
}
