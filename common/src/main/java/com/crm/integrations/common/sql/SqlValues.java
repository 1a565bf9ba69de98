package com.crm.integrations.common.sql;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Function;

import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/**
 * Conversions between Java values and the reactive PostgreSQL client's bind parameters and columns
 * ({@code timestamptz} as UTC {@link OffsetDateTime}, {@code bytea} as {@link Buffer}), with
 * {@code null} for an absent value: the same few lines every repository would otherwise repeat.
 */
public final class SqlValues {

    private SqlValues() {
    }

    /** A {@code timestamptz} parameter. */
    public static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** A {@code timestamptz} parameter, {@code null} when absent. */
    public static OffsetDateTime timestamp(Optional<Instant> instant) {
        return timestamp(instant.orElse(null));
    }

    /** A {@code timestamptz} column, empty when {@code null}. */
    public static Optional<Instant> instant(Row row, String column) {
        return Optional.ofNullable(row.getOffsetDateTime(column)).map(OffsetDateTime::toInstant);
    }

    /**
     * A {@code timestamptz} column declared {@code NOT NULL}.
     *
     * @throws IllegalStateException when it is {@code null} after all
     */
    public static Instant requiredInstant(Row row, String column) {
        return instant(row, column).orElseThrow(() -> new IllegalStateException("Column " + column + " is null"));
    }

    /** A {@code bytea} parameter, {@code null} when absent. */
    public static Buffer bytes(byte[] value) {
        return value == null ? null : Buffer.buffer(value);
    }

    /** A {@code bytea} column, empty when {@code null}. */
    public static Optional<byte[]> bytes(Row row, String column) {
        return Optional.ofNullable(row.getBuffer(column)).map(io.vertx.mutiny.core.buffer.Buffer::getBytes);
    }

    /** The first row of a result, mapped; empty when there is none. */
    public static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> mapper) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(mapper.apply(rows.iterator().next()));
    }
}
