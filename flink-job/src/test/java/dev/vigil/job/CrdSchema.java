package dev.vigil.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The structural schema of one version of a CustomResourceDefinition, and what the Kubernetes API
 * server checks of a resource against it with strict field validation (kubectl's default): the type
 * of each value, enums, required fields, and no field the schema does not name (unless it allows
 * any, {@code additionalProperties} or {@code x-kubernetes-preserve-unknown-fields}).
 */
final class CrdSchema {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** What the API server adds to every resource's schema: its type and its metadata. */
    private static final List<String> IMPLICIT = List.of("apiVersion", "kind", "metadata");

    private final JsonNode schema;
    private final String apiVersion;
    private final String kind;

    private CrdSchema(JsonNode schema, String apiVersion, String kind) {
        this.schema = schema;
        this.apiVersion = apiVersion;
        this.kind = kind;
    }

    /**
     * Version {@code version}'s {@code openAPIV3Schema} of the CRD at class path {@code resource}.
     */
    static CrdSchema load(String resource, String version) {
        try (InputStream in = CrdSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No " + resource + " on the class path");
            }
            JsonNode crd = YAML.readTree(in);
            for (JsonNode served : crd.path("spec").path("versions")) {
                if (served.path("name").asText().equals(version)) {
                    return new CrdSchema(
                            served.path("schema").path("openAPIV3Schema"),
                            crd.path("spec").path("group").asText() + "/" + version,
                            crd.path("spec").path("names").path("kind").asText());
                }
            }
            throw new IllegalStateException(resource + " defines no version " + version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What is wrong with {@code resource}, one line per violation, by JSON path; empty if valid.
     */
    List<String> violations(JsonNode resource) {
        List<String> found = new ArrayList<>();
        if (!resource.path("apiVersion").asText().equals(apiVersion)) {
            found.add("$.apiVersion: " + resource.path("apiVersion") + " is not " + apiVersion);
        }
        if (!resource.path("kind").asText().equals(kind)) {
            found.add("$.kind: " + resource.path("kind") + " is not " + kind);
        }
        if (!resource.path("metadata").path("name").isTextual()) {
            found.add("$.metadata.name: missing");
        }
        ObjectNode rest = resource.deepCopy();
        rest.remove(IMPLICIT);
        check(schema, rest, "$", found);
        return found;
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> found) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
            if (!value.isInt() && !value.isTextual()) {
                found.add(path + ": " + value + " is neither an integer nor a string");
            }
            return;
        }
        String type = schema.path("type").asText("");
        if (!hasType(value, type)) {
            found.add(path + ": " + value + " is not of type " + type);
            return;
        }
        JsonNode allowed = schema.path("enum");
        if (allowed.isArray() && !contains(allowed, value)) {
            found.add(path + ": " + value + " is not one of " + allowed);
        }
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                found.add(path + ": the required field " + required.asText() + " is missing");
            }
        }
        if (value.isObject()) {
            checkFields(schema, value, path, found);
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.path("items"), value.get(i), path + "[" + i + "]", found);
            }
        }
    }

    private static void checkFields(
            JsonNode schema, JsonNode value, String path, List<String> found) {
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        boolean anyField = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String at = path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), at, found);
            } else if (additional.isObject()) {
                check(additional, field.getValue(), at, found);
            } else if (!anyField && !additional.asBoolean(false)) {
                found.add(at + ": unknown field");
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "" -> true;
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> throw new IllegalStateException("Unknown schema type " + type);
        };
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode candidate : values) {
            if (candidate.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
