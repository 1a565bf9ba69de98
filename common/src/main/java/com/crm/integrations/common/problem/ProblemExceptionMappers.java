package com.crm.integrations.common.problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;

/**
 * Renders every exception that reaches JAX-RS as a problem-details body. Types are listed one by
 * one where Quarkus ships a built-in mapper for them, so that ours is the most specific and wins
 * (Quarkus REST picks the mapper of the nearest type, whatever its priority). Failures that never
 * reach JAX-RS (unknown route, body over the limit) are rendered by {@link HttpProblemRoutes}.
 */
public class ProblemExceptionMappers {

    static final String BEARER_CHALLENGE = "Bearer realm=\"crm-integrations\"";

    @ServerExceptionMapper
    public Response integration(IntegrationException failure, HttpServerRequest request) {
        Problem problem = Problem.of(ProblemStatusTable.typeOf(failure), failure.getMessage(), request.path());
        Response.ResponseBuilder response = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (failure instanceof UnavailableException) {
            response.header(HttpHeaders.RETRY_AFTER, ((UnavailableException) failure).retryAfterSeconds());
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException failure, HttpServerRequest request) {
        int status = failure.getResponse().getStatus();
        if (status == ProblemType.MALFORMED_REQUEST.status() && failure.getCause() instanceof JsonProcessingException json) {
            // Quarkus's JSON reader wraps a parse error (and a duplicate key, StrictJsonBodies) in a bare 400.
            return malformedJson(json, request);
        }
        if (status == ProblemType.SERVICE_UNAVAILABLE.status()) {
            return serviceUnavailable(failure, request);
        }
        if (status >= 500) {
            return internalError(failure, request);
        }
        Response.ResponseBuilder response = Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.ofStatus(status, request.path()));
        // Keep the header that tells the caller what would work (Allow on 405).
        Object allow = failure.getResponse().getHeaders().getFirst(HttpHeaders.ALLOW);
        if (allow != null) {
            response.header(HttpHeaders.ALLOW, allow);
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException failure, HttpServerRequest request) {
        return unauthenticated(request);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException failure, HttpServerRequest request) {
        return unauthenticated(request);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException failure, HttpServerRequest request) {
        return render(Problem.of(ProblemType.FORBIDDEN, request.path()));
    }

    @ServerExceptionMapper
    public Response violation(ConstraintViolationException failure, HttpServerRequest request) {
        return violations(failure, request);
    }

    @ServerExceptionMapper
    public Response resteasyViolation(ResteasyReactiveViolationException failure, HttpServerRequest request) {
        return violations(failure, request);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException failure, HttpServerRequest request) {
        return malformedJson(failure, request);
    }

    @ServerExceptionMapper
    public Response jsonParse(JsonParseException failure, HttpServerRequest request) {
        return malformedJson(failure, request);
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException failure, HttpServerRequest request) {
        return malformedJson(failure, request);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException failure, HttpServerRequest request) {
        return malformedJson(failure, request);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException failure, HttpServerRequest request) {
        return malformedJson(failure, request);
    }

    @ServerExceptionMapper
    public Response unrecognizedProperty(UnrecognizedPropertyException failure, HttpServerRequest request) {
        return malformedJson(failure, request);
    }

    @ServerExceptionMapper
    public Response valueInstantiation(ValueInstantiationException failure, HttpServerRequest request) {
        return malformedJson(failure, request);
    }

    /**
     * A type Jackson cannot read or write as declared: our bug. Quarkus's own mapper for this type
     * answers 500 with an empty body; without this one it wins over {@link #jsonMapping}.
     */
    @ServerExceptionMapper
    public Response invalidDefinition(InvalidDefinitionException failure, HttpServerRequest request) {
        return internalError(failure, request);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable failure, HttpServerRequest request) {
        if (ProblemStatusTable.primary(failure) instanceof IntegrationException first) {
            // Our own failure, then its transaction's rollback failed too: answer as for the first alone.
            return integration(first, request);
        }
        ProblemType type = ProblemStatusTable.typeOf(failure);
        if (type == ProblemType.SERVICE_UNAVAILABLE) {
            return serviceUnavailable(failure, request);
        }
        if (type != ProblemType.INTERNAL_ERROR) {
            return render(Problem.of(type, request.path()));
        }
        return internalError(failure, request);
    }

    private static Response serviceUnavailable(Throwable failure, HttpServerRequest request) {
        Problem problem = ServerFailures.serviceUnavailable(failure, request.method().name(), request.path());
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.RETRY_AFTER, ProblemType.RETRY_AFTER_SECONDS)
                .entity(problem)
                .build();
    }

    private static Response internalError(Throwable failure, HttpServerRequest request) {
        return render(ServerFailures.internalError(failure, request.method().name(), request.path()));
    }

    private static Response unauthenticated(HttpServerRequest request) {
        return Response.status(401)
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE)
                .entity(Problem.of(ProblemType.UNAUTHENTICATED, request.path()))
                .build();
    }

    private static Response malformedJson(JsonProcessingException failure, HttpServerRequest request) {
        return render(Problem.of(ProblemType.MALFORMED_REQUEST, JsonProblemDetail.describe(failure), request.path()));
    }

    private static Response violations(ConstraintViolationException failure, HttpServerRequest request) {
        boolean ourBug = failure.getConstraintViolations().stream()
                .anyMatch(violation -> pathHas(violation.getPropertyPath(), ElementKind.RETURN_VALUE));
        if (ourBug) {
            return internalError(failure, request);
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : failure.getConstraintViolations()) {
            errors.add(new Problem.FieldError(fieldOf(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message));
        String detail = errors.size() == 1 ? "1 field is invalid." : errors.size() + " fields are invalid.";
        return render(Problem.of(ProblemType.VALIDATION_FAILED, detail, request.path()).withErrors(errors));
    }

    /** The property path without the method and parameter nodes: {@code put.settings.direction} → {@code direction}. */
    static String fieldOf(Path path) {
        StringBuilder field = new StringBuilder();
        String parameter = null;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (node.getName() == null) {
                continue;
            }
            if (!field.isEmpty()) {
                field.append('.');
            }
            field.append(node.getName());
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
        }
        if (!field.isEmpty()) {
            return field.toString();
        }
        return parameter != null ? parameter : "";
    }

    private static boolean pathHas(Path path, ElementKind kind) {
        for (Path.Node node : path) {
            if (node.getKind() == kind) {
                return true;
            }
        }
        return false;
    }

    static Response render(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
