package com.crm.integrations.common.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
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
            return "Field '" + path(mapping) + "' could not be read.";
        }
        JsonLocation location = failure.getLocation();
        if (location != null && location.getLineNr() > 0) {
            return "The request body is not valid JSON (line " + location.getLineNr() + ", column "
                    + location.getColumnNr() + ").";
        }
        return "The request body is not valid JSON.";
    }

    private static String path(JsonMappingException failure) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : failure.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
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
