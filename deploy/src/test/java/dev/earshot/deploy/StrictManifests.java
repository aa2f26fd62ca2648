package dev.earshot.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Rendered manifests read into fabric8's typed Kubernetes model, strictly: a document of a kind this chart does not
 * make, a value of the wrong type, or a field the model does not know, at any depth, is an error naming where.
 *
 * <p>fabric8's classes take unknown fields quietly (a {@code @JsonAnySetter} into {@code additionalProperties}), so
 * {@code FAIL_ON_UNKNOWN_PROPERTIES} alone catches nothing; after binding, every {@code additionalProperties} of the
 * object tree must be empty. What the model cannot check: required fields, formats (names, label syntax, quantities
 * beyond their parse), cross-field rules the API server enforces, and CRD schemas newer than fabric8's model.
 */
final class StrictManifests {
    /** apiVersion/kind to the class the chart's documents of that kind must bind to. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "apps/v1/Deployment", Deployment.class,
            "v1/Service", Service.class,
            "v1/Secret", Secret.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class);

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private StrictManifests() {
    }

    /** Every non-empty document of {@code yaml} (as {@code helm template} prints them), bound strictly. */
    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> resources = new ArrayList<>();
        for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
            if (document == null || document.isNull() || document.isMissingNode()) {
                continue;
            }
            String key = document.path("apiVersion").asString("") + "/" + document.path("kind").asString("");
            Class<? extends HasMetadata> type = KINDS.get(key);
            if (type == null) {
                throw new IllegalArgumentException("no model for " + key + "; the chart makes only " + KINDS.keySet());
            }
            HasMetadata resource = JSON.treeToValue(document, type);
            List<String> unknown = new ArrayList<>();
            collectUnknownFields(resource, key + " " + resource.getMetadata().getName(), unknown);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("fields the Kubernetes model does not know: " + unknown);
            }
            resources.add(resource);
        }
        return resources;
    }

    static <T extends HasMetadata> T only(List<HasMetadata> resources, Class<T> type) {
        List<T> found = resources.stream().filter(type::isInstance).map(type::cast).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }

    /** Walks fabric8's object tree by its getters, noting each non-empty {@code additionalProperties} by its path. */
    private static void collectUnknownFields(Object value, String path, List<String> unknown) {
        if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + index++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> entries) {
            entries.forEach((name, item) -> collectUnknownFields(item, path + "." + name, unknown));
            return;
        }
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.") || value.getClass().isEnum()) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                    || Modifier.isStatic(getter.getModifiers()) || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child = invoke(getter, value);
            String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + " " + extra.keySet());
                }
            } else {
                collectUnknownFields(child, path + "." + field, unknown);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter, e);
        }
    }
}
