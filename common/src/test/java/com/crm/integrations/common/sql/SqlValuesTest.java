package com.crm.integrations.common.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SqlValuesTest {

    @Test
    void bindsAnInstantAsUtc() {
        // When
        OffsetDateTime bound = SqlValues.timestamp(Instant.parse("2026-11-30T10:15:30Z"));
        // Then
        assertEquals(ZoneOffset.UTC, bound.getOffset());
        assertEquals(Instant.parse("2026-11-30T10:15:30Z"), bound.toInstant());
    }

    @Test
    void bindsAnAbsentInstantAsNull() {
        assertNull(SqlValues.timestamp(Optional.empty()));
        assertNull(SqlValues.timestamp((Instant) null));
    }

    @Test
    void bindsBytesAndNull() {
        // When / Then
        assertArrayEquals(new byte[] { 1, 2, 3 }, SqlValues.bytes(new byte[] { 1, 2, 3 }).getBytes());
        assertNull(SqlValues.bytes((byte[]) null));
    }
}
