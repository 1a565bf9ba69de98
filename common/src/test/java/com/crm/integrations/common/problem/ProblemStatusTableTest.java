package com.crm.integrations.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;

import org.hibernate.HibernateException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.crm.integrations.common.slots.SlotsBusyException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.CompositeException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

class ProblemStatusTableTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new ResourceNotFoundException("gone"), 404),
                Arguments.of(new TenantRequiredException("no tenant"), 403),
                Arguments.of(new PreconditionFailedException("stale"), 412),
                Arguments.of(new InvalidInputException("bad"), 422),
                Arguments.of(new ConstraintViolationException(Set.<ConstraintViolation<?>> of()), 422),
                Arguments.of(new JsonParseException(null, "bad json"), 400),
                Arguments.of(new UnauthorizedException(), 401),
                Arguments.of(new AuthenticationFailedException(), 401),
                Arguments.of(new ForbiddenException(), 403),
                // a Jackson failure, but of our type's definition, not of the caller's JSON
                Arguments.of(InvalidDefinitionException.from((JsonParser) null, "no creator", (JavaType) null), 500),
                Arguments.of(new ConnectException("refused"), 503),
                Arguments.of(new SlotsBusyException("mailchimp-account:abc"), 503),
                // PostgreSQL: a NUL in the caller's text (found by the reliability suite: GET /calendar/events/%00 was a 500),
                // out of connections, shutting down — also wrapped, as Hibernate Reactive hands them on
                Arguments.of(new PgException("invalid byte sequence for encoding \"UTF8\": 0x00", "ERROR", "22021", null), 400),
                Arguments.of(new RuntimeException("wrapped", new PgException("invalid byte sequence", "ERROR", "22021", null)), 400),
                // as Hibernate Reactive hands it on: a DataException (JDBC's) whose SQLException carries the state
                Arguments.of(new RuntimeException("error executing SQL statement",
                        new java.sql.SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021")), 400),
                Arguments.of(new PgException("sorry, too many clients already", "FATAL", "53300", null), 503),
                Arguments.of(new IllegalStateException("pool", new PgException("terminating connection", "FATAL", "57P01", null)), 503),
                // the connection lost mid-transaction, as Hibernate Reactive wraps it, and with the rollback's failure beside it
                // (found by the reliability suite: POST /calendar/links/{id}/syncs was a 500 while PostgreSQL stopped)
                Arguments.of(new HibernateException(ClosedConnectionException.INSTANCE), 503),
                Arguments.of(new CompositeException(new HibernateException(ClosedConnectionException.INSTANCE),
                        ClosedConnectionException.INSTANCE), 503),
                Arguments.of(new RuntimeException("wrapped", new ConnectException("refused")), 503),
                // the server's socket reset under a read, a broken pipe under a write, a closed channel
                Arguments.of(new SocketException("Connection reset"), 503),
                Arguments.of(new IOException("Broken pipe"), 503),
                Arguments.of(new ClosedChannelException(), 503),
                // of several failures, the first decides: the rollback's lost connection does not hide a 404 or a bug
                Arguments.of(new CompositeException(new ResourceNotFoundException("gone"), ClosedConnectionException.INSTANCE), 404),
                Arguments.of(new CompositeException(new IllegalStateException("bug"), ClosedConnectionException.INSTANCE), 500),
                // any other database error is still a bug
                Arguments.of(new PgException("duplicate key value", "ERROR", "23505", null), 500),
                // not listed, not a subclass of anything listed: a bug
                Arguments.of(new IllegalStateException("bug"), 500),
                Arguments.of(new NullPointerException(), 500));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("failures")
    void mapsEachFailureToItsStatus(Throwable failure, int expectedStatus) {
        // When
        ProblemType type = ProblemStatusTable.typeOf(failure);
        // Then
        assertEquals(expectedStatus, type.status());
    }

    @ParameterizedTest(name = "status {0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource({
            "404, https://crm-integrations.dev/problems/not-found",
            "413, https://crm-integrations.dev/problems/payload-too-large",
            "431, about:blank",
            "410, about:blank" })
    void rendersBareStatusWithItsCataloguedTypeOrAboutBlank(int status, String expectedType) {
        // When
        Problem problem = Problem.ofStatus(status, "/path");
        // Then
        assertEquals(expectedType, problem.type().toString());
        assertEquals(status, problem.status());
    }
}
