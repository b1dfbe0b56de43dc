package io.murmuration.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.murmuration.protocol.InteractionType;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code protocol/openapi.yaml} as the contract test reads it: its operations with their parameters and examples, and
 * the two checks it needs, of a JSON value against a schema and of a protocol record's Java type against a schema, for
 * the part of OpenAPI 3.0 the document uses ($ref, oneOf, type, properties, additionalProperties, items, enum,
 * pattern, date-time). Read with SnakeYAML: jackson-dataformat-yaml of the build's Jackson (2.13) needs SnakeYAML 1.x,
 * and jvector puts 2.4 on the class path.
 */
final class OpenApiDocument {

    /** Which API a path is served by: the document's server (port 8080) or its path's (8081). */
    enum Server { PUBLIC, ADMIN }

    /** One operation: method in lower case as in the document, path template, its node, and where it is served. */
    record Operation(String method, String path, JsonNode node, Server server) {
        String name() {
            return method.toUpperCase() + " " + path;
        }
    }

    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String PROTOCOL = "io.murmuration.protocol.";

    private final JsonNode root;

    private OpenApiDocument(JsonNode root) {
        this.root = root;
    }

    /** The whole document as a JSON tree. */
    JsonNode root() {
        return root;
    }

    /** components.schemas. */
    JsonNode schemas() {
        return root.path("components").path("schemas");
    }

    /** protocol/openapi.yaml, found from the working directory up. */
    static OpenApiDocument read() throws IOException {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("protocol/openapi.yaml"))) dir = dir.getParent();
        if (dir == null) throw new AssertionError("no protocol/openapi.yaml above " + System.getProperty("user.dir"));
        try (Reader reader = Files.newBufferedReader(dir.resolve("protocol/openapi.yaml"), StandardCharsets.UTF_8)) {
            return new OpenApiDocument(toJson(new Yaml(new SafeConstructor(new LoaderOptions())).load(reader), ""));
        }
    }

    private static JsonNode toJson(Object yaml, String where) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (yaml == null) return nodes.nullNode();
        if (yaml instanceof Map<?, ?> map) {
            ObjectNode object = nodes.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), toJson(v, where + "/" + k)));
            return object;
        }
        if (yaml instanceof List<?> list) {
            ArrayNode array = nodes.arrayNode();
            for (int i = 0; i < list.size(); i++) array.add(toJson(list.get(i), where + "/" + i));
            return array;
        }
        if (yaml instanceof String s) return nodes.textNode(s);
        if (yaml instanceof Boolean b) return nodes.booleanNode(b);
        if (yaml instanceof Integer i) return nodes.numberNode(i);
        if (yaml instanceof Long l) return nodes.numberNode(l);
        if (yaml instanceof Double d) return nodes.numberNode(d);
        // YAML reads an unquoted 2026-11-22T10:15:00Z as a timestamp, which JSON has not: quote it in the spec.
        throw new AssertionError("openapi.yaml" + where + " is a " + yaml.getClass().getSimpleName() + ": quote it as a string");
    }

    /** The node itself, or what its $ref points to, followed until it is no reference. */
    JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            String ref = node.path("$ref").asText();
            if (!ref.startsWith("#/")) throw new AssertionError("only local references are followed: " + ref);
            node = root.at(ref.substring(1));
            if (node.isMissingNode()) throw new AssertionError("openapi.yaml refers to " + ref + ", which it does not define");
        }
        return node;
    }

    /** Every operation, in the order of the document. */
    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        root.path("paths").fields().forEachRemaining(path -> {
            JsonNode item = path.getValue();
            Server server = serverOf(item);
            item.fields().forEachRemaining(field -> {
                if (METHODS.contains(field.getKey().toUpperCase())) {
                    operations.add(new Operation(field.getKey(), path.getKey(), field.getValue(), server));
                }
            });
        });
        return operations;
    }

    /** The server a path item names, else the document's: port 8080 is the public API, 8081 the admin API. */
    private Server serverOf(JsonNode pathItem) {
        JsonNode servers = pathItem.has("servers") ? pathItem.path("servers") : root.path("servers");
        int port = URI.create(servers.path(0).path("url").asText()).getPort();
        return switch (port) {
            case 8080 -> Server.PUBLIC;
            case 8081 -> Server.ADMIN;
            default -> throw new AssertionError("openapi.yaml names a server on port " + port + ", neither 8080 nor 8081");
        };
    }

    /** The operation's parameters and its path's, resolved. */
    List<JsonNode> parameters(Operation op) {
        List<JsonNode> parameters = new ArrayList<>();
        root.path("paths").path(op.path()).path("parameters").forEach(p -> parameters.add(resolve(p)));
        op.node().path("parameters").forEach(p -> parameters.add(resolve(p)));
        return parameters;
    }

    /** The operation's request body, resolved; null when it takes none. */
    JsonNode requestBody(Operation op) {
        return op.node().has("requestBody") ? resolve(op.node().path("requestBody")) : null;
    }

    /** The examples given for the parameter {@code name} anywhere in the spec, each once. */
    List<String> examplesOf(String name) {
        Set<String> examples = new LinkedHashSet<>();
        for (Operation op : operations()) {
            for (JsonNode p : parameters(op)) {
                if (p.path("name").asText().equals(name) && p.has("example")) examples.add(p.path("example").asText());
            }
        }
        return List.copyOf(examples);
    }

    /** The operation of the server that a request with this method and concrete path would be. */
    Optional<Operation> operation(Server server, String method, String concretePath) {
        return operations().stream()
                .filter(op -> op.server() == server && op.method().equalsIgnoreCase(method) && matches(op.path(), concretePath))
                .findFirst();
    }

    /** Whether a concrete path fits a template, each {name} standing for one segment. */
    private static boolean matches(String template, String concretePath) {
        String[] t = template.split("/", -1);
        String[] c = concretePath.split("/", -1);
        if (t.length != c.length) return false;
        for (int i = 0; i < t.length; i++) {
            boolean variable = t[i].startsWith("{") && t[i].endsWith("}");
            if (variable ? c[i].isEmpty() : !t[i].equals(c[i])) return false;
        }
        return true;
    }

    // ---- checking values ----

    /** A JSON value against the part of JSON Schema the spec uses: $ref, oneOf, type, properties, items, enum, format. */
    void validate(JsonNode value, JsonNode schemaOrRef, String where, List<String> problems) {
        JsonNode schema = resolve(schemaOrRef);
        if (value == null || value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) problems.add(where + " is null, which the schema does not allow");
            return;
        }
        if (schema.has("oneOf")) {
            int matching = 0;
            List<String> why = new ArrayList<>();
            for (JsonNode alternative : schema.path("oneOf")) {
                List<String> own = new ArrayList<>();
                validate(value, alternative, where, own);
                if (own.isEmpty()) matching++;
                why.addAll(own);
            }
            if (matching != 1) problems.add(where + " matches " + matching + " of the oneOf alternatives: " + why);
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(where + " should be an object, was " + value);
                    return;
                }
                for (JsonNode required : schema.path("required")) {
                    if (!value.has(required.asText())) problems.add(where + " lacks required " + required.asText());
                }
                JsonNode properties = schema.path("properties");
                JsonNode additional = schema.path("additionalProperties");
                value.fields().forEachRemaining(field -> {
                    if (properties.has(field.getKey())) {
                        validate(field.getValue(), properties.path(field.getKey()), where + "." + field.getKey(), problems);
                    } else if (additional.isObject()) {
                        validate(field.getValue(), additional, where + "." + field.getKey(), problems);
                    } else if (!additional.asBoolean(false)) {
                        problems.add(where + " has " + field.getKey() + ", which its schema does not list");
                    }
                });
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(where + " should be an array, was " + value);
                    return;
                }
                for (int i = 0; i < value.size(); i++) validate(value.get(i), schema.path("items"), where + "[" + i + "]", problems);
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(where + " should be a string, was " + value);
                    return;
                }
                String text = value.textValue();
                if (schema.has("enum") && !contains(schema.path("enum"), text)) {
                    problems.add(where + " is " + text + ", not one of " + schema.path("enum"));
                }
                if (schema.has("pattern") && !Pattern.compile(schema.path("pattern").asText()).matcher(text).find()) {
                    problems.add(where + " is " + text + ", which does not match " + schema.path("pattern").asText());
                }
                if (schema.path("format").asText("").equals("date-time")) {
                    try {
                        OffsetDateTime.parse(text);
                    } catch (RuntimeException e) {
                        problems.add(where + " is " + text + ", not a date-time");
                    }
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) problems.add(where + " should be an integer, was " + value);
            }
            case "number" -> {
                if (!value.isNumber()) problems.add(where + " should be a number, was " + value);
            }
            case "boolean" -> {
                if (!value.isBoolean()) problems.add(where + " should be a boolean, was " + value);
            }
            default -> problems.add(where + ": its schema has no type the test knows: " + schema);
        }
    }

    private static boolean contains(JsonNode array, String text) {
        for (JsonNode n : array) if (n.asText().equals(text)) return true;
        return false;
    }

    /** Object schemas written inline in an operation instead of named after their record under components.schemas. */
    static void inlineObjects(JsonNode schema, String where, List<String> problems) {
        if (schema.has("$ref")) return;
        if (schema.has("properties") || schema.path("type").asText("").equals("object")) {
            problems.add(where + " is an inline object: name it after its protocol record under components.schemas");
        }
        schema.path("oneOf").forEach(s -> inlineObjects(s, where, problems));
        if (schema.has("items")) inlineObjects(schema.path("items"), where, problems);
    }


    // ---- checking record types ----

    /**
     * Whether {@code schema} describes how ProtocolJson writes a value of {@code type}: a record of the protocol package
     * is a $ref to the schema of its name, an Instant a date-time string, a List an array, a Map an object whose
     * additionalProperties describe its values.
     */
    void checkType(Type type, JsonNode schema, String where, List<String> problems) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (List.class.isAssignableFrom(raw)) {
                expectType(schema, "array", where, problems);
                checkType(p.getActualTypeArguments()[0], schema.path("items"), where + "[]", problems);
            } else if (Map.class.isAssignableFrom(raw)) {
                expectType(schema, "object", where, problems);
                Type values = p.getActualTypeArguments()[1];
                JsonNode additional = schema.path("additionalProperties");
                if (values == Object.class) {
                    if (!(additional.isBoolean() && additional.asBoolean()) && !(additional.isObject() && additional.isEmpty())) {
                        problems.add(where + " holds any values: additionalProperties should be true");
                    }
                } else {
                    checkType(values, additional, where + "{}", problems);
                }
            } else {
                problems.add(where + ": the test does not know how to check " + type);
            }
            return;
        }
        Class<?> c = (Class<?>) type;
        if (c.isRecord() && c.getName().startsWith(PROTOCOL)) {
            String ref = schema.path("$ref").asText("");
            if (!ref.equals(SCHEMAS + c.getSimpleName())) problems.add(where + " should be $ref " + SCHEMAS + c.getSimpleName());
        } else if (c == String.class) {
            expectType(schema, "string", where, problems);
        } else if (c == int.class || c == Integer.class) {
            expectType(schema, "integer", where, problems);
            expectFormat(schema, "int32", where, problems);
        } else if (c == long.class || c == Long.class) {
            expectType(schema, "integer", where, problems);
            expectFormat(schema, "int64", where, problems);
        } else if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
            expectType(schema, "number", where, problems);
        } else if (c == boolean.class || c == Boolean.class) {
            expectType(schema, "boolean", where, problems);
        } else if (c == Instant.class) {
            boolean dateTime = isDateTime(schema);
            for (JsonNode alternative : schema.path("oneOf")) dateTime |= isDateTime(alternative);
            if (!dateTime) problems.add(where + " is an Instant: type string, format date-time");
        } else if (c == float[].class) {
            expectType(schema, "array", where, problems);
            expectType(schema.path("items"), "number", where + "[]", problems);
        } else if (c == InteractionType.class) {
            expectType(schema, "string", where, problems);
            List<String> values = new ArrayList<>();
            schema.path("enum").forEach(v -> values.add(v.asText()));
            if (!values.equals(InteractionType.wireNames())) {
                problems.add(where + " should list the wire names " + InteractionType.wireNames() + ", lists " + values);
            }
        } else {
            problems.add(where + ": the test does not know how to check " + c);
        }
    }

    static boolean isDateTime(JsonNode schema) {
        return schema.path("type").asText("").equals("string") && schema.path("format").asText("").equals("date-time");
    }

    private static void expectType(JsonNode schema, String type, String where, List<String> problems) {
        if (!schema.path("type").asText("").equals(type)) {
            problems.add(where + " should have type " + type + ", has " + schema.path("type").asText("none"));
        }
    }

    private static void expectFormat(JsonNode schema, String format, String where, List<String> problems) {
        if (!schema.path("format").asText("").equals(format)) {
            problems.add(where + " should have format " + format + ", has " + schema.path("format").asText("none"));
        }
    }
}
