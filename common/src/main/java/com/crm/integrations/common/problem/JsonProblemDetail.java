package com.crm.integrations.common.problem;

import java.util.ArrayDeque;
import java.util.Deque;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says what is wrong with a JSON body without echoing it: Jackson's own messages quote the
 * input (which may hold a secret) and name Java classes, so neither reaches the caller.
 */
final class JsonProblemDetail {

    private JsonProblemDetail() {
    }

    static String describe(JsonProcessingException failure) {
        String duplicate = duplicateField(failure);
        if (duplicate != null) {
            return "Field '" + duplicate + "' appears more than once.";
        }
        if (failure instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + unknown.getPropertyName() + "'.";
        }
        if (failure instanceof InvalidFormatException invalid) {
            return "Field '" + path(invalid) + "' has a value of the wrong type or format; expected "
                    + expected(invalid.getTargetType()) + ".";
        }
        if (failure instanceof MismatchedInputException mismatched && !path(mismatched).isEmpty()) {
            return "Field '" + path(mismatched) + "' has a value of the wrong type; expected "
                    + expected(mismatched.getTargetType()) + ".";
        }
        if (failure instanceof JsonMappingException mapping && !path(mapping).isEmpty()) {
            if (mapping.getCause() instanceof InputCoercionException) {
                return "Field '" + path(mapping) + "' has a number out of range.";
            }
            return "Field '" + path(mapping) + "' could not be read.";
        }
        JsonLocation location = failure.getLocation();
        if (location != null && location.getLineNr() > 0) {
            return "The request body is not valid JSON (line " + location.getLineNr() + ", column "
                    + location.getColumnNr() + ").";
        }
        return "The request body is not valid JSON.";
    }

    /**
     * The path of the key a parser with duplicate detection on refused for appearing twice in one
     * object, else null. Jackson reports it as a plain parse error, told apart only by its message
     * (and wraps it in a mapping error when the object is nested); the parser's context still
     * points at the repeated key.
     */
    private static String duplicateField(JsonProcessingException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamReadException read && read.getProcessor() != null) {
                JsonStreamContext context = read.getProcessor().getParsingContext();
                if (context != null && context.getCurrentName() != null
                        && ("Duplicate field '" + context.getCurrentName() + "'").equals(read.getOriginalMessage())) {
                    return path(context);
                }
            }
        }
        return null;
    }

    private static String path(JsonStreamContext innermost) {
        Deque<JsonStreamContext> outermostFirst = new ArrayDeque<>();
        for (JsonStreamContext level = innermost; level != null && !level.inRoot(); level = level.getParent()) {
            outermostFirst.addFirst(level);
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext level : outermostFirst) {
            appendSegment(path, level.inObject() ? level.getCurrentName() : null, level.getCurrentIndex());
        }
        return path.toString();
    }

    private static String path(JsonMappingException failure) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : failure.getPath()) {
            appendSegment(path, reference.getFieldName(), reference.getIndex());
        }
        return path.toString();
    }

    /** {@code pastDays}, {@code roles[1]}, {@code window.start}: a field name, or else an array index. */
    private static void appendSegment(StringBuilder path, String fieldName, int index) {
        if (fieldName != null) {
            if (!path.isEmpty()) {
                path.append('.');
            }
            path.append(fieldName);
        } else if (index >= 0) {
            path.append('[').append(index).append(']');
        }
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type.isEnum()) {
            StringBuilder values = new StringBuilder("one of ");
            Object[] constants = type.getEnumConstants();
            for (int i = 0; i < constants.length; i++) {
                values.append(i == 0 ? "" : ", ").append(constants[i].toString());
            }
            return values.toString();
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
