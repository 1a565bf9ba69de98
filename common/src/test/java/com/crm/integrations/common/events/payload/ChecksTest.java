package com.crm.integrations.common.events.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Text in an event or command: present, not blank, and storable (PostgreSQL's text holds no NUL). */
class ChecksTest {

    @Test
    void textWithANulCharacterIsRefusedByName() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Checks.text("activity\u00001", "crmEventId"));

        assertEquals("crmEventId must not contain a NUL character (U+0000)", refused.getMessage());
    }

    @Test
    void otherTextIsTakenAsItIs() {
        assertEquals("activity-📅-1", Checks.text("activity-📅-1", "crmEventId"));
        assertThrows(IllegalArgumentException.class, () -> Checks.text(" ", "crmEventId"));
        assertThrows(NullPointerException.class, () -> Checks.text(null, "crmEventId"));
    }
}
