package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.schemas.SourceConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * A {@link SourceConfig} as people write it, in YAML or JSON: the record's fields by name, a
 * missing field takes its schema default, a union with null is the value or null, an enum its
 * symbol (any case). Mistakes are reported with the field's path ({@code rules[0].kind}), as the
 * check's are. Walks the schema, so a field added to the record is readable here without a change.
 */
final class SourceConfigText {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SourceConfigText() {}

    /** The config in {@code file}: YAML for .yaml/.yml, JSON for .json. */
    static SourceConfig read(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper;
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            mapper = YAML;
        } else if (name.endsWith(".json")) {
            mapper = JSON;
        } else {
            throw new CliException(file + ": name the file .yaml, .yml or .json for its format");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new CliException("Cannot read " + file + ": " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        Object record = read(SourceConfig.getClassSchema(), tree, "", problems);
        if (!problems.isEmpty()) {
            throw new CliException(
                    file + " is not a source config:\n  " + String.join("\n  ", problems));
        }
        return asSpecific((GenericRecord) record);
    }

    /** Through Avro's binary form: the specific reader makes the strings, enums and maps right. */
    private static SourceConfig asSpecific(GenericRecord record) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return new SpecificDatumReader<>(SourceConfig.class)
                    .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        } catch (IOException e) {
            throw new IllegalStateException("A config that does not write as Avro", e);
        }
    }

    /** The config as indented JSON (which is YAML too), every field written. */
    static String write(SourceConfig config) {
        try {
            return JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(tree(SourceConfig.getClassSchema(), config));
        } catch (IOException e) {
            throw new IllegalStateException("A config that does not write as JSON", e);
        }
    }

    private static Object read(Schema schema, JsonNode node, String path, List<String> problems) {
        String at = path.isEmpty() ? "(the file)" : path;
        switch (schema.getType()) {
            case RECORD -> {
                if (node == null || !node.isObject()) {
                    problems.add(at + ": expected a mapping of " + fieldNames(schema));
                    return null;
                }
                GenericRecordBuilder builder = new GenericRecordBuilder(schema);
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    String fieldPath =
                            path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
                    Schema.Field field = schema.getField(entry.getKey());
                    if (field == null) {
                        problems.add(fieldPath + ": no such field; use " + fieldNames(schema));
                    } else {
                        int before = problems.size();
                        Object value = read(field.schema(), entry.getValue(), fieldPath, problems);
                        if (problems.size() == before) {
                            builder.set(field, value);
                        }
                    }
                }
                for (Schema.Field field : schema.getFields()) {
                    if (!field.hasDefaultValue() && !node.has(field.name())) {
                        problems.add(
                                (path.isEmpty() ? "" : path + ".") + field.name() + ": required");
                    }
                }
                return problems.isEmpty() ? builder.build() : null;
            }
            case ARRAY -> {
                if (!node.isArray()) {
                    problems.add(at + ": expected a list");
                    return null;
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < node.size(); i++) {
                    items.add(
                            read(
                                    schema.getElementType(),
                                    node.get(i),
                                    path + "[" + i + "]",
                                    problems));
                }
                return items;
            }
            case MAP -> {
                if (!node.isObject()) {
                    problems.add(at + ": expected a mapping");
                    return null;
                }
                Map<String, Object> map = new LinkedHashMap<>();
                node.fields()
                        .forEachRemaining(
                                e ->
                                        map.put(
                                                e.getKey(),
                                                read(
                                                        schema.getValueType(),
                                                        e.getValue(),
                                                        path + "." + e.getKey(),
                                                        problems)));
                return map;
            }
            case UNION -> {
                if (node.isNull()) {
                    return null;
                }
                Schema value =
                        schema.getTypes().stream()
                                .filter(type -> type.getType() != Schema.Type.NULL)
                                .findFirst()
                                .orElseThrow();
                return read(value, node, path, problems);
            }
            case ENUM -> {
                String symbol = node.asText().toUpperCase(Locale.ROOT);
                if (!node.isTextual() || !schema.getEnumSymbols().contains(symbol)) {
                    problems.add(
                            at
                                    + ": '"
                                    + node.asText()
                                    + "' is not one of "
                                    + schema.getEnumSymbols());
                    return null;
                }
                return new GenericData.EnumSymbol(schema, symbol);
            }
            case STRING -> {
                if (!node.isValueNode() || node.isNull()) {
                    problems.add(at + ": expected text");
                    return null;
                }
                return node.asText();
            }
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    problems.add(at + ": expected true or false");
                }
                return node.asBoolean();
            }
            case INT, LONG -> {
                if (!node.isIntegralNumber()
                        || (schema.getType() == Schema.Type.INT && !node.canConvertToInt())) {
                    problems.add(at + ": expected a whole number, got " + node);
                }
                return schema.getType() == Schema.Type.INT ? (Object) node.asInt() : node.asLong();
            }
            case FLOAT, DOUBLE -> {
                if (!node.isNumber()) {
                    problems.add(at + ": expected a number, got " + node);
                }
                return schema.getType() == Schema.Type.FLOAT
                        ? (Object) (float) node.asDouble()
                        : node.asDouble();
            }
            default -> throw new IllegalStateException("No text form for " + schema.getType());
        }
    }

    private static JsonNode tree(Schema schema, Object value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (value == null) {
            return nodes.nullNode();
        }
        return switch (schema.getType()) {
            case RECORD -> {
                ObjectNode object = nodes.objectNode();
                GenericRecord record = (GenericRecord) value;
                for (Schema.Field field : schema.getFields()) {
                    object.set(field.name(), tree(field.schema(), record.get(field.pos())));
                }
                yield object;
            }
            case ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                ((List<?>) value).forEach(item -> array.add(tree(schema.getElementType(), item)));
                yield array;
            }
            case MAP -> {
                ObjectNode object = nodes.objectNode();
                ((Map<?, ?>) value)
                        .forEach(
                                (k, v) -> object.set(k.toString(), tree(schema.getValueType(), v)));
                yield object;
            }
            case UNION ->
                    tree(
                            schema.getTypes().stream()
                                    .filter(type -> type.getType() != Schema.Type.NULL)
                                    .findFirst()
                                    .orElseThrow(),
                            value);
            case ENUM, STRING -> nodes.textNode(value.toString());
            case BOOLEAN -> nodes.booleanNode((Boolean) value);
            case INT -> nodes.numberNode((Integer) value);
            case LONG -> nodes.numberNode((Long) value);
            case FLOAT -> nodes.numberNode((Float) value);
            case DOUBLE -> nodes.numberNode((Double) value);
            default -> throw new IllegalStateException("No text form for " + schema.getType());
        };
    }

    private static List<String> fieldNames(Schema schema) {
        return schema.getFields().stream().map(Schema.Field::name).toList();
    }
}
