package com.crm.integrations.mailchimp.webhook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class WebhookFormTest {

    private static WebhookForm decode(String body) {
        return WebhookForm.decode(body.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void nestsPhpStyleBracketedKeysAndDecodesPlusAndPercent() {
        // When
        WebhookForm form = decode("type=subscribe&fired_at=2009-03-26+21%3A35%3A57&data%5Bmerges%5D%5BFNAME%5D=Ada"
                + "&data%5Bmerges%5D%5BGROUPINGS%5D%5B0%5D%5Bgroups%5D=A%2C+B&data%5Bemail%5D=api%40mailchimp.com");
        // Then
        assertEquals("2009-03-26 21:35:57", form.text("fired_at"));
        assertEquals("Ada", form.text("data", "merges", "FNAME"));
        assertEquals("A, B", form.text("data", "merges", "GROUPINGS", "0", "groups"));
        assertEquals("api@mailchimp.com", form.text("data", "email"));
        assertNull(form.text("data", "merges"));
        assertEquals(Map.of("FNAME", "Ada", "GROUPINGS", Map.of("0", Map.of("groups", "A, B"))), form.map("data", "merges"));
    }

    @Test
    void aRepeatedKeyKeepsItsLastValueAndEveryPairStaysInThePairs() {
        // When
        WebhookForm form = decode("data[email]=first%40example.com&data[email]=last%40example.com&data=scalar&data[x]=y");
        // Then: last assignment wins, also between a scalar and a nested value
        assertEquals(Map.of("x", "y"), form.map("data"));
        assertEquals(4, form.pairs().size());
        assertEquals("first@example.com", form.pairs().get(0).value());
    }

    @Test
    void emptyBracketsAppendToAList() {
        WebhookForm form = decode("tags[]=a&tags[]=b");
        assertEquals(List.of("a", "b"), form.tree().get("tags"));
    }

    @Test
    void unbalancedBracketsAreTakenLiterally() {
        WebhookForm form = decode("data[merges=x&a]b=y");
        assertEquals("x", form.text("data[merges"));
        assertEquals("y", form.text("a]b"));
    }

    @Test
    void refusesBadEscapesBytesThatAreNotUtf8AndTooDeepNesting() {
        assertEquals("a '%' not followed by two hexadecimal digits",
                assertThrows(MalformedFormException.class, () -> decode("a=%G1")).getMessage());
        assertEquals("a '%' not followed by two hexadecimal digits",
                assertThrows(MalformedFormException.class, () -> decode("a=%4")).getMessage());
        assertEquals("a field that is not UTF-8", assertThrows(MalformedFormException.class, () -> decode("a=%C3%28")).getMessage());
        assertThrows(MalformedFormException.class, () -> decode("a[1][2][3][4][5][6][7][8][9]=x"));
        assertThrows(MalformedFormException.class, () -> decode("a=1&".repeat(WebhookForm.MAX_PAIRS + 1)));
    }

    @Test
    void theContentHashIgnoresEncodingAndPairOrderButNotContent() {
        byte[] hash = decode("type=profile&data%5Bemail%5D=a%40b.c&fired_at=2009-03-26+21%3A35%3A57").contentHash();
        assertArrayEquals(hash, decode("fired_at=2009-03-26%2021:35:57&type=profile&data[email]=a@b.c").contentHash());
        assertFalse(Arrays.equals(hash, decode("type=profile&data%5Bemail%5D=a%40b.c&fired_at=2009-03-26+21%3A35%3A58").contentHash()));
        // A key and a value are length-delimited: moving text between them changes the hash.
        assertFalse(Arrays.equals(decode("ab=c").contentHash(), decode("a=bc").contentHash()));
    }

    @Test
    void theSubscriberHashIsTheMd5OfTheTrimmedLowerCasedAddress() {
        assertEquals(SubscriberHash.of("ada@example.com"), SubscriberHash.of("  Ada@Example.COM "));
        assertTrue(SubscriberHash.of("ada@example.com").matches("[0-9a-f]{32}"));
    }
}
