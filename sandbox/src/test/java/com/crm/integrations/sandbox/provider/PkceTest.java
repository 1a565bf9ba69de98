package com.crm.integrations.sandbox.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PkceTest {

    /** RFC 7636 Appendix B. */
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @Test
    void derivesTheS256ChallengeOfRfc7636AppendixB() {
        // When
        String challenge = Pkce.s256(VERIFIER);

        // Then
        assertEquals(CHALLENGE, challenge);
    }

    @Test
    void verifiesS256AndPlain() {
        // When
        boolean s256 = new Pkce(CHALLENGE, Pkce.S256).verifies(VERIFIER);
        boolean plain = new Pkce(VERIFIER, Pkce.PLAIN).verifies(VERIFIER);

        // Then
        assertTrue(s256);
        assertTrue(plain);
    }

    @Test
    void refusesAnotherOrMalformedVerifier() {
        // Given
        Pkce pkce = new Pkce(CHALLENGE, Pkce.S256);

        // When
        boolean other = pkce.verifies(VERIFIER.replace('d', 'e'));
        boolean tooShort = pkce.verifies("short");

        // Then
        assertFalse(other);
        assertFalse(tooShort);
    }

    @Test
    void refusesAnUnknownMethodOrAShortChallenge() {
        // Then
        assertThrows(IllegalArgumentException.class, () -> new Pkce(CHALLENGE, "S512"));
        assertThrows(IllegalArgumentException.class, () -> new Pkce("short", Pkce.PLAIN));
    }
}
