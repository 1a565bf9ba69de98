package com.crm.integrations.common.tokens;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.crm.integrations.common.security.CallerContext;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * token-service's internal API as common's tests script it, served by the test application itself at the same paths
 * (so behind the same {@code /internal/*} rule: only a service token gets here). Each test scripts the answers for the
 * connection ids it made up and reads how often each was asked and by whom.
 */
@Path("/internal/connections")
public class StubTokenService {

    /** What a connection's operation answers: {@code connection}, {@code access-token} or {@code rejection}. */
    private static final Map<String, Supplier<Response>> ANSWERS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    private static final Map<String, String> CALLERS = new ConcurrentHashMap<>();

    private final CallerContext callers;

    public StubTokenService(CallerContext callers) {
        this.callers = callers;
    }

    static void answer(String operation, String connectionId, Supplier<Response> answer) {
        ANSWERS.put(operation + ' ' + connectionId, answer);
    }

    static Response json(int status, JsonObject body) {
        return Response.status(status).type(status < 400 ? MediaType.APPLICATION_JSON : "application/problem+json")
                .entity(body.encode()).build();
    }

    static int calls(String operation, String connectionId) {
        AtomicInteger count = CALLS.get(operation + ' ' + connectionId);
        return count == null ? 0 : count.get();
    }

    /** The subject of the last token that called about the connection. */
    static String caller(String connectionId) {
        return CALLERS.get(connectionId);
    }

    @GET
    @Path("{id}")
    public Uni<Response> connection(@PathParam("id") String id) {
        return answered("connection", id);
    }

    @GET
    @Path("{id}/access-token")
    public Uni<Response> accessToken(@PathParam("id") String id) {
        return answered("access-token", id);
    }

    @POST
    @Path("{id}/rejections")
    public Uni<Response> rejection(@PathParam("id") String id) {
        return answered("rejection", id);
    }

    private Uni<Response> answered(String operation, String id) {
        String key = operation + ' ' + id;
        CALLS.computeIfAbsent(key, unused -> new AtomicInteger()).incrementAndGet();
        return callers.current().map(who -> {
            CALLERS.put(id, who.subject());
            Supplier<Response> answer = ANSWERS.get(key);
            return answer != null ? answer.get()
                    : json(404, new JsonObject().put("status", 404).put("detail", "No connection " + id));
        });
    }
}
