package com.crm.integrations.common.tokens;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class IssuedTokenTest {

    @Test
    void itsTextNeverShowsTheToken() {
        // Given
        IssuedToken token = new IssuedToken("0123456789abcdef0123456789abcdef-us21", Instant.parse("2026-12-01T00:00:00Z"),
                "https://us21.api.mailchimp.com");

        // When
        String text = token.toString();

        // Then
        assertFalse(text.contains("0123456789abcdef"), text);
        assertTrue(text.contains("2026-12-01T00:00:00Z") && text.contains("https://us21.api.mailchimp.com"), text);
    }
}
