package com.crm.integrations.common.problem;

import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Map;

import jakarta.validation.ConstraintViolationException;

import com.crm.integrations.common.slots.SlotsBusyException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.CompositeException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

/**
 * The one table from exception type to problem type. A type not listed inherits its nearest
 * listed superclass's entry; a type with no listed ancestor is a bug and maps to 500. JAX-RS's
 * own {@code WebApplicationException}s carry their status and are rendered from it. Two things
 * count wherever in the cause chain: PostgreSQL's SQLSTATEs below, and a lost connection to a
 * backing service (503). Of Mutiny's {@code CompositeException}, the first failure decides.
 */
public final class ProblemStatusTable {

    private static final Map<Class<? extends Throwable>, ProblemType> TABLE = Map.ofEntries(
            Map.entry(ResourceNotFoundException.class, ProblemType.NOT_FOUND),
            Map.entry(TenantRequiredException.class, ProblemType.FORBIDDEN),
            Map.entry(PreconditionFailedException.class, ProblemType.PRECONDITION_FAILED),
            Map.entry(InvalidInputException.class, ProblemType.VALIDATION_FAILED),
            Map.entry(OperationForbiddenException.class, ProblemType.FORBIDDEN),
            Map.entry(ConflictException.class, ProblemType.CONFLICT),
            Map.entry(UnavailableException.class, ProblemType.SERVICE_UNAVAILABLE),
            // Every slot of a provider account stayed taken for the caller's whole wait: busy now, not broken.
            Map.entry(SlotsBusyException.class, ProblemType.SERVICE_UNAVAILABLE),
            Map.entry(ConstraintViolationException.class, ProblemType.VALIDATION_FAILED),
            Map.entry(JsonProcessingException.class, ProblemType.MALFORMED_REQUEST),
            // A type Jackson cannot bind as declared: our bug, although it is a JsonProcessingException.
            Map.entry(InvalidDefinitionException.class, ProblemType.INTERNAL_ERROR),
            Map.entry(UnauthorizedException.class, ProblemType.UNAUTHENTICATED),
            Map.entry(AuthenticationFailedException.class, ProblemType.UNAUTHENTICATED),
            Map.entry(ForbiddenException.class, ProblemType.FORBIDDEN));

    /**
     * PostgreSQL's answers that are not our bug, by SQLSTATE, wherever in the cause chain (Hibernate converts them to JDBC's): a NUL
     * character, which a {@code text} column cannot hold, is the caller's input (22021, 400); a server out of
     * connections or shutting down is unavailable for now (53300, 57P01, 57P03: 503, nothing was written).
     */
    private static final Map<String, ProblemType> SQL_STATES = Map.of(
            "22021", ProblemType.MALFORMED_REQUEST,
            "53300", ProblemType.SERVICE_UNAVAILABLE,
            "57P01", ProblemType.SERVICE_UNAVAILABLE,
            "57P03", ProblemType.SERVICE_UNAVAILABLE);

    private ProblemStatusTable() {
    }

    /**
     * The failure that decides: of Mutiny's several failures of one step, the first, which caused the others (a
     * transaction's failure, then its rollback's on the same lost connection); any other failure itself.
     */
    public static Throwable primary(Throwable failure) {
        Throwable primary = failure;
        while (primary instanceof CompositeException composite) {
            primary = composite.getCauses().get(0);
        }
        return primary;
    }

    public static ProblemType typeOf(Throwable thrown) {
        Throwable failure = primary(thrown);
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            // The reactive client's own exception, or the JDBC one Hibernate Reactive converts it to (DataException's cause).
            String state = cause instanceof DatabaseException database ? database.getSqlState()
                    : cause instanceof java.sql.SQLException sql ? sql.getSQLState() : null;
            if (state != null && SQL_STATES.containsKey(state)) {
                return SQL_STATES.get(state);
            }
            if (isConnectionLost(cause)) {
                return ProblemType.SERVICE_UNAVAILABLE;
            }
        }
        for (Class<?> type = failure.getClass(); type != null; type = type.getSuperclass()) {
            ProblemType problemType = TABLE.get(type);
            if (problemType != null) {
                return problemType;
            }
        }
        return ProblemType.INTERNAL_ERROR;
    }

    /**
     * A backing service (PostgreSQL, mostly) unreachable or gone mid-request: refused ({@code ConnectException}), reset
     * ({@code SocketException}), a broken pipe (a bare {@code IOException} from a socket's write, not one of its
     * subclasses such as Jackson's), a closed channel, or the SQL client's closed connection. The transaction was
     * rolled back, or, lost during its commit, its outcome is unknown to us as to the caller: a 503, retried as any.
     */
    private static boolean isConnectionLost(Throwable failure) {
        return failure instanceof SocketException || failure instanceof ClosedChannelException
                || failure instanceof ClosedConnectionException || failure.getClass() == IOException.class;
    }
}
