package com.crm.integrations.sandbox.provider.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import com.crm.integrations.sandbox.provider.ErrorPage;
import com.crm.integrations.sandbox.provider.JsonAnswer;
import com.crm.integrations.sandbox.provider.Redirect;

class ProviderAnswersTest {

    @Test
    void sendsJsonNeverCachedAndWithoutChallengeUnlessAsked() {
        // Given
        JsonAnswer answer = JsonAnswer.oauthError(400, "invalid_grant", "Bad Request");

        // When
        Response response = ProviderAnswers.response(answer);

        // Then
        assertEquals(400, response.getStatus());
        assertEquals("application/json; charset=utf-8", response.getHeaderString("Content-Type"));
        assertEquals("no-store", response.getHeaderString("Cache-Control"));
        assertEquals("no-cache", response.getHeaderString("Pragma"));
        assertNull(response.getHeaderString("WWW-Authenticate"));
        assertEquals(answer.body(), response.getEntity());
    }

    @Test
    void sendsTheChallengeOfAJsonAnswer() {
        // Given
        JsonAnswer answer = JsonAnswer.oauthError(401, "invalid_client", "Client authentication failed")
                .withChallenge("Basic realm=\"sandbox\"");

        // When
        Response response = ProviderAnswers.response(answer);

        // Then
        assertEquals(401, response.getStatus());
        assertEquals("Basic realm=\"sandbox\"", response.getHeaderString("WWW-Authenticate"));
    }

    @Test
    void showsAnErrorPageWithItsErrorInAHeader() {
        // Given
        ErrorPage page = new ErrorPage("Google", "invalid_request", "Missing <scope>");

        // When
        Response response = ProviderAnswers.response(page);

        // Then
        assertEquals(400, response.getStatus());
        assertEquals("invalid_request", response.getHeaderString("X-Sandbox-Error"));
        assertEquals("no-store", response.getHeaderString("Cache-Control"));
        assertFalse(response.getEntity().toString().contains("<scope>"));
    }

    @Test
    void redirectsWithTheParametersEncodedAndNullsLeftOut() {
        // Given
        Redirect redirect = Redirect.to("http://127.0.0.1:8081/cb?x=1", "code", "4/0a b", "error_description", null, "state", "s1");

        // When
        Response response = ProviderAnswers.response(redirect);

        // Then
        assertEquals(302, response.getStatus());
        assertEquals("http://127.0.0.1:8081/cb?x=1&code=4%2F0a+b&state=s1", response.getHeaderString("Location"));
        assertEquals("no-store", response.getHeaderString("Cache-Control"));
    }
}
