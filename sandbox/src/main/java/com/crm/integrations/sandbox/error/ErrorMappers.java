package com.crm.integrations.sandbox.error;

import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.crm.integrations.sandbox.provider.ProviderRefusal;
import com.crm.integrations.sandbox.provider.rest.ProviderAnswers;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place where refusals become HTTP responses. Every answer carries an
 * {@link ErrorBody} and {@code Cache-Control: no-store}; anything unexpected is a bug,
 * logged with its stack trace and answered 500 without details.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    private static final Map<Class<? extends SandboxException>, Status> STATUS = Map.of(
            InvalidRequestException.class, Status.BAD_REQUEST,
            UnsupportedGrantTypeException.class, Status.BAD_REQUEST,
            InvalidScopeException.class, Status.BAD_REQUEST,
            InvalidClientException.class, Status.UNAUTHORIZED,
            NotFoundException.class, Status.NOT_FOUND);

    @ServerExceptionMapper
    public Response refused(SandboxException e) {
        Response.ResponseBuilder response = error(statusOf(e), e.error(), e.getMessage());
        if (e instanceof InvalidClientException invalidClient && invalidClient.basicAuthAttempted()) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"sandbox\", charset=\"UTF-8\"");
        }
        return response.build();
    }

    /** A provider stand-in's refusal, already in that provider's words (error body, page or redirect). */
    @ServerExceptionMapper
    public Response providerRefused(ProviderRefusal e) {
        return ProviderAnswers.response(e.answer());
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return malformed(e);
    }

    /** More specific than the mapper Quarkus REST brings for it, so ours wins. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return malformed(e);
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformed(json); // Quarkus REST wraps some parse errors
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("Request failed", e);
            return error(status, "server_error", null).build();
        }
        String code = switch (status) {
            case 401 -> "invalid_client";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "request_too_large";
            case 415 -> "unsupported_media_type";
            default -> "invalid_request";
        };
        return error(status, code, e.getMessage()).build();
    }

    @ServerExceptionMapper
    public Response bug(RuntimeException e) {
        LOG.error("Request failed: a bug in the sandbox", e);
        return error(500, "server_error", null).build();
    }

    private static Response malformed(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return error(400, "invalid_request", "unknown field '" + fieldPath(unknown) + "'").build();
        }
        String where = e instanceof JsonMappingException mapping ? fieldPath(mapping) : "";
        return error(400, "invalid_request", where.isEmpty() ? "malformed JSON body" : "malformed JSON body at '" + where + "'")
                .build();
    }

    /** {@code roles[1]}, without the class names Jackson's own path reference carries. */
    private static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static Status statusOf(SandboxException e) {
        for (Class<?> type = e.getClass(); type != SandboxException.class; type = type.getSuperclass()) {
            Status status = STATUS.get(type);
            if (status != null) {
                return status;
            }
        }
        LOG.errorf("No HTTP status mapped for %s: a bug", e.getClass().getName());
        return Status.INTERNAL_SERVER_ERROR;
    }

    private static Response.ResponseBuilder error(Status status, String code, String description) {
        return error(status.getStatusCode(), code, description);
    }

    private static Response.ResponseBuilder error(int status, String code, String description) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(new ErrorBody(code, description));
    }
}
