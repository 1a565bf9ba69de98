package com.crm.integrations.sandbox.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import com.crm.integrations.sandbox.oauth.ClientCredentialsException.Problem;

class ClientCredentialsParserTest {

    @Test
    void readsBasicCredentialsWithAFormEncodedIdAndLeavesTheSecretEncoded() {
        // Given
        String authorization = basic("my%20app:a%2Bb");

        // When
        ClientCredentials credentials = ClientCredentialsParser.parse(authorization, null, null);

        // Then
        assertEquals(new ClientCredentials("my app", "a%2Bb", true), credentials);
    }

    @Test
    void readsTheBasicSchemeInAnyCase() {
        // Given
        String authorization = "bAsIc " + Base64.getEncoder().encodeToString("app:s3cret".getBytes(StandardCharsets.UTF_8));

        // When
        ClientCredentials credentials = ClientCredentialsParser.parse(authorization, null, null);

        // Then
        assertEquals(new ClientCredentials("app", "s3cret", true), credentials);
    }

    @Test
    void keepsColonsOfTheSecret() {
        // Given
        String authorization = basic("app:s3:cr:et");

        // When
        ClientCredentials credentials = ClientCredentialsParser.parse(authorization, null, null);

        // Then
        assertEquals("s3:cr:et", credentials.clientSecret());
    }

    @Test
    void acceptsAFormClientIdThatRepeatsTheBasicOne() {
        // Given
        String authorization = basic("app:s3cret");

        // When
        ClientCredentials credentials = ClientCredentialsParser.parse(authorization, "app", null);

        // Then
        assertEquals(new ClientCredentials("app", "s3cret", true), credentials);
    }

    @Test
    void readsFormCredentials() {
        // Given
        String authorization = null;

        // When
        ClientCredentials credentials = ClientCredentialsParser.parse(authorization, "app", "s3cret");

        // Then
        assertEquals(new ClientCredentials("app", "s3cret", false), credentials);
    }

    @Test
    void readsFormCredentialsBesideAnotherAuthorizationScheme() {
        // Given
        String authorization = "Bearer abc";

        // When
        ClientCredentials credentials = ClientCredentialsParser.parse(authorization, "app", "s3cret");

        // Then
        assertEquals(new ClientCredentials("app", "s3cret", false), credentials);
    }

    @Test
    void refusesBasicAndAFormSecretTogether() {
        // Given
        String authorization = basic("app:s3cret");

        // When
        ClientCredentialsException refused = assertThrows(ClientCredentialsException.class,
                () -> ClientCredentialsParser.parse(authorization, null, "s3cret"));

        // Then
        assertEquals(Problem.CONFLICTING, refused.problem());
        assertEquals("use one client authentication method, not both Basic and client_secret", refused.getMessage());
    }

    @Test
    void refusesAFormClientIdOtherThanTheBasicOne() {
        // Given
        String authorization = basic("app:s3cret");

        // When
        ClientCredentialsException refused = assertThrows(ClientCredentialsException.class,
                () -> ClientCredentialsParser.parse(authorization, "other", null));

        // Then
        assertEquals(Problem.CONFLICTING, refused.problem());
        assertEquals("client_id differs from the Basic credentials", refused.getMessage());
    }

    @Test
    void refusesBasicCredentialsThatAreNotBase64() {
        // Given
        String authorization = "Basic not*base64";

        // When
        ClientCredentialsException refused = assertThrows(ClientCredentialsException.class,
                () -> ClientCredentialsParser.parse(authorization, null, null));

        // Then
        assertEquals(Problem.MALFORMED_BASIC, refused.problem());
    }

    @Test
    void refusesBasicCredentialsWithoutAColon() {
        // Given
        String authorization = basic("app");

        // When
        ClientCredentialsException refused = assertThrows(ClientCredentialsException.class,
                () -> ClientCredentialsParser.parse(authorization, null, null));

        // Then
        assertEquals(Problem.MALFORMED_BASIC, refused.problem());
    }

    @Test
    void refusesBasicCredentialsWithAnEmptyClientId() {
        // Given
        String authorization = basic(":s3cret");

        // When
        ClientCredentialsException refused = assertThrows(ClientCredentialsException.class,
                () -> ClientCredentialsParser.parse(authorization, null, null));

        // Then
        assertEquals(Problem.MALFORMED_BASIC, refused.problem());
    }

    @Test
    void refusesBasicCredentialsWithABadlyEncodedClientId() {
        // Given
        String authorization = basic("app%zz:s3cret");

        // When
        ClientCredentialsException refused = assertThrows(ClientCredentialsException.class,
                () -> ClientCredentialsParser.parse(authorization, null, null));

        // Then
        assertEquals(Problem.MALFORMED_BASIC, refused.problem());
    }

    @Test
    void refusesAFormClientIdWithoutSecretAndNamesTheClient() {
        // Given
        String authorization = null;

        // When
        ClientCredentialsException refused = assertThrows(ClientCredentialsException.class,
                () -> ClientCredentialsParser.parse(authorization, "app", null));

        // Then
        assertEquals(Problem.MISSING, refused.problem());
        assertEquals("app", refused.formClientId());
    }

    @Test
    void refusesARequestWithoutAnyCredentials() {
        // Given
        String authorization = null;

        // When
        ClientCredentialsException refused = assertThrows(ClientCredentialsException.class,
                () -> ClientCredentialsParser.parse(authorization, null, null));

        // Then
        assertEquals(Problem.MISSING, refused.problem());
        assertNull(refused.formClientId());
    }

    @Test
    void refusesAFormSecretWithoutClientId() {
        // Given
        String authorization = null;

        // When
        ClientCredentialsException refused = assertThrows(ClientCredentialsException.class,
                () -> ClientCredentialsParser.parse(authorization, null, "s3cret"));

        // Then
        assertEquals(Problem.MISSING, refused.problem());
    }

    private static String basic(String idColonSecret) {
        return "Basic " + Base64.getEncoder().encodeToString(idColonSecret.getBytes(StandardCharsets.UTF_8));
    }
}
