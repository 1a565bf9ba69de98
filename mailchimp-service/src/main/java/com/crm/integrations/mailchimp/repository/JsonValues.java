package com.crm.integrations.mailchimp.repository;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** JSON columns as plain maps, lists and strings (a {@code JsonObject} may hold nested {@code JsonObject}s or maps). */
final class JsonValues {

    private JsonValues() {
    }

    static Map<String, Object> map(JsonObject json) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (json != null) {
            json.forEach(entry -> map.put(entry.getKey(), plain(entry.getValue())));
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    static Object plain(Object value) {
        if (value instanceof JsonObject object) {
            return map(object);
        }
        if (value instanceof Map<?, ?> map) {
            return map(new JsonObject((Map<String, Object>) map));
        }
        if (value instanceof JsonArray array) {
            List<Object> list = new ArrayList<>();
            array.forEach(item -> list.add(plain(item)));
            return list;
        }
        if (value instanceof List<?> list) {
            return plain(new JsonArray(new ArrayList<>(list)));
        }
        return value;
    }
}
