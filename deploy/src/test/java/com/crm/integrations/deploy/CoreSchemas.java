package com.crm.integrations.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

/**
 * Unknown and missing fields of Kubernetes' own kinds, which the Node schemas let through: the generated models of
 * {@code io.kubernetes:client-java-api} 27 reject a field their kind does not define, at any depth, and
 * a required one that is absent. Each object yields its first such error. Of a custom resource, only {@code metadata}
 * is checked here ({@link CrdSchemas} and validate.mjs see to the rest).
 */
final class CoreSchemas {

    private static final String MODELS = "io.kubernetes.client.openapi.models.";

    private CoreSchemas() {
    }

    /** What is wrong with the object's fields; empty when nothing is. */
    static List<String> violations(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        if (!isKubernetesGroup(apiVersion)) {
            return check(object.path("metadata"), "V1ObjectMeta", Render.id(object) + " metadata");
        }
        Optional<String> model = modelOf(apiVersion, kind);
        if (model.isEmpty()) {
            return List.of(Render.id(object) + ": " + apiVersion + " " + kind + " is not a kind of client-java-api 27 (Kubernetes no longer serves it, or never did)");
        }
        return check(object, model.get(), Render.id(object));
    }

    /** Kubernetes' own API groups: the core group, the unqualified ones ({@code apps}, {@code batch}, …) and {@code *.k8s.io}. */
    static boolean isKubernetesGroup(String apiVersion) {
        if (!apiVersion.contains("/")) {
            return true;
        }
        String group = apiVersion.substring(0, apiVersion.indexOf('/'));
        return !group.contains(".") || group.endsWith(".k8s.io");
    }

    /** The model class of a kind: {@code apps/v1 Deployment} → {@code V1Deployment}, {@code autoscaling/v2 …} → {@code V2…}. */
    static Optional<String> modelOf(String apiVersion, String kind) {
        String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
        if (!version.matches("v[0-9]+((alpha|beta)[0-9]+)?") || !kind.matches("[A-Z][A-Za-z0-9]*")) {
            return Optional.empty();
        }
        String name = "V" + version.substring(1) + kind;
        try {
            Class.forName(MODELS + name, false, CoreSchemas.class.getClassLoader());
            return Optional.of(name);
        } catch (ClassNotFoundException unknown) {
            return Optional.empty();
        }
    }

    private static List<String> check(JsonNode tree, String model, String what) {
        if (tree.isMissingNode()) {
            return List.of(what + ": missing");
        }
        JsonElement json = JsonParser.parseString(tree.toString());
        try {
            Method validate = Class.forName(MODELS + model).getMethod("validateJsonElement", JsonElement.class);
            validate.invoke(null, json);
            return List.of();
        } catch (InvocationTargetException invalid) {
            return List.of(what + ": " + shorten(invalid.getCause().getMessage()));
        } catch (ReflectiveOperationException notAModel) {
            throw new IllegalStateException(model + " has no validateJsonElement", notAModel);
        }
    }

    /** The models append the whole JSON of the part they reject: keep the sentence. */
    static String shorten(String message) {
        String text = String.valueOf(message);
        int json = text.indexOf(" JSON: ");
        return (json >= 0 ? text.substring(0, json) : text).replace('`', '\'');
    }
}
