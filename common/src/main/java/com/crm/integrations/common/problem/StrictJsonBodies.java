package com.crm.integrations.common.problem;

import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The mapper JAX-RS reads request bodies with: Quarkus's own, except that a key appearing twice in
 * one JSON object is refused (400, naming the field) instead of being read. Left to Jackson, a
 * repeated key either silently keeps its last value or, when it repeats a record component after
 * every component was seen, fails as a type-definition error that Quarkus answers with an empty
 * 500. Either way the caller cannot know which value counted.
 *
 * <p>Server only: REST clients (provider responses) and Kafka consumers keep Quarkus's mapper.
 */
@Provider
@ConstrainedTo(RuntimeType.SERVER)
public class StrictJsonBodies implements ContextResolver<ObjectMapper> {

    private final ObjectMapper mapper;

    public StrictJsonBodies(ObjectMapper quarkusMapper) {
        this.mapper = quarkusMapper.copy().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return mapper;
    }
}
