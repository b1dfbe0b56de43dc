package io.murmuration.protocol;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads and writes {@link InteractionEvent}s as JSON, enforcing the wire rules.
 *
 * <p>The same rules apply to events arriving on Kafka and through the HTTP ingest endpoint, so a record
 * either becomes an event or a {@link FieldError} naming the field and why; {@link #parse} and
 * {@link #parseBatch} never throw, whatever the bytes. Instances are immutable and thread-safe.
 */
public final class InteractionEventCodec {

    /** Longest eventId, userId or itemId, in characters. */
    public static final int MAX_ID_LENGTH = 128;

    /** Most entries allowed in {@code context}. */
    public static final int MAX_CONTEXT_ENTRIES = 16;

    /**
     * Longest key and longest value of a {@code context} entry, in characters. An event crosses the cluster to its
     * user's entity in one message, and Akka refuses messages over 256 KiB: 16 entries of this size stay far below.
     */
    public static final int MAX_CONTEXT_KEY_LENGTH = 64;
    public static final int MAX_CONTEXT_VALUE_LENGTH = 256;

    /** Most events in one ingest request body. */
    public static final int MAX_BATCH_EVENTS = 1000;

    /** The smallest and largest {@code value}: a rating on a scale up to 10, and a weight no sum can overflow on. */
    public static final double MIN_VALUE = 0.0;
    public static final double MAX_VALUE = 10.0;

    static final String NOT_AN_OBJECT = "must be a JSON object";
    static final String NOT_OBJECT_OR_ARRAY = "must be a JSON object or an array of objects";
    static final String EMPTY_BATCH = "must contain at least one event";
    static final String BATCH_TOO_LARGE = "must contain at most " + MAX_BATCH_EVENTS + " events";
    static final String REQUIRED = "is required";
    static final String NOT_A_STRING = "must be a string";
    static final String EVENT_ID_LENGTH = "must be 1 to " + MAX_ID_LENGTH + " characters";
    static final String ID_FORMAT =
            "must be 1 to " + MAX_ID_LENGTH + " characters, each a letter, digit or one of . _ : @ -";
    static final String TYPE_VALUES = "must be one of " + InteractionType.WIRE_NAMES;
    static final String VALUE_REQUIRED_FOR_RATING = "is required when type is rating";
    static final String VALUE_OUT_OF_RANGE = "must be a finite number from 0 to 10";
    static final String TIMESTAMP_FORMAT = "must be an ISO-8601 instant or epoch milliseconds";
    static final String CONTEXT_NOT_AN_OBJECT = "must be an object whose values are strings";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1," + MAX_ID_LENGTH + "}");
    private static final Pattern EPOCH_MILLIS = Pattern.compile("-?[0-9]{1,19}");

    private static final JsonFactory FACTORY = new JsonFactory();

    private final Clock clock;
    private final EventTimeWindow window;
    private final String tooEarly;
    private final String tooFarAhead;

    /** A codec that accepts timestamps in {@code window}, judging "ahead" against {@code clock}. */
    public InteractionEventCodec(Clock clock, EventTimeWindow window) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(window, "window");
        this.tooEarly = "must not be before " + DateTimeFormatter.ISO_INSTANT.format(window.earliest());
        this.tooFarAhead = "must not be more than " + window.maxAheadInWords() + " ahead of the server clock";
    }

    /** A codec with the {@link EventTimeWindow#DEFAULT default window}, judged against {@code clock}. */
    public InteractionEventCodec(Clock clock) {
        this(clock, EventTimeWindow.DEFAULT);
    }

    /** A codec on the system clock in UTC with the default window. */
    public InteractionEventCodec() {
        this(Clock.systemUTC());
    }

    /** Decodes one JSON object into an event, or the first rule it breaks. Never throws. */
    public ParseResult parse(byte[] json) {
        Field<JsonNode> body = JsonBody.read(json);
        if (body.error != null) {
            return invalid(body.error);
        }
        JsonNode root = body.value;
        if (!root.isObject()) {
            return invalid(new FieldError("body", NOT_AN_OBJECT));
        }
        return parseObject(root);
    }

    /**
     * Decodes an ingest request body: one event object, or a JSON array of 1 to {@value #MAX_BATCH_EVENTS}
     * event objects. The whole batch is refused on its first invalid element, whose index prefixes the
     * error's field ({@code [3].timestamp}). Never throws.
     */
    public BatchResult parseBatch(byte[] json) {
        Field<JsonNode> body = JsonBody.read(json);
        if (body.error != null) {
            return BatchResult.refused(body.error);
        }
        JsonNode root = body.value;
        if (root.isObject()) {
            ParseResult result = parseObject(root);
            if (result instanceof ParseResult.Invalid invalid) {
                return BatchResult.refused(invalid.error());
            }
            return BatchResult.accepted(List.of(((ParseResult.Valid) result).event()));
        }
        if (!root.isArray()) {
            return BatchResult.refused(new FieldError("body", NOT_OBJECT_OR_ARRAY));
        }
        if (root.isEmpty()) {
            return BatchResult.refused(new FieldError("body", EMPTY_BATCH));
        }
        if (root.size() > MAX_BATCH_EVENTS) {
            return BatchResult.refused(new FieldError("body", BATCH_TOO_LARGE));
        }
        List<InteractionEvent> events = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode element = root.get(i);
            if (!element.isObject()) {
                return BatchResult.refused(new FieldError("", NOT_AN_OBJECT).atIndex(i));
            }
            ParseResult result = parseObject(element);
            if (result instanceof ParseResult.Invalid invalid) {
                return BatchResult.refused(invalid.error().atIndex(i));
            }
            events.add(((ParseResult.Valid) result).event());
        }
        return BatchResult.accepted(events);
    }

    /**
     * Checks a user or item id arriving outside an event (a URL path, say) by the same rule as inside one:
     * empty when {@code value} is a valid id, otherwise the error naming {@code field}.
     */
    public static Optional<FieldError> checkId(String field, String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of(new FieldError(field, REQUIRED));
        }
        return ID.matcher(value).matches() ? Optional.empty() : Optional.of(new FieldError(field, ID_FORMAT));
    }

    /**
     * Writes the canonical JSON of {@code e}: fields in declaration order, type as its wire name, timestamp
     * as an ISO-8601 instant, {@code value} omitted when null, {@code context} omitted when empty and
     * otherwise sorted by key. For an event that passes the wire rules, {@code parse(encode(e))} equals {@code e}.
     */
    public byte[] encode(InteractionEvent e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("eventId", e.eventId());
            g.writeStringField("userId", e.userId());
            g.writeStringField("itemId", e.itemId());
            g.writeStringField("type", e.type().wireName());
            if (e.value() != null) {
                g.writeNumberField("value", e.value());
            }
            g.writeStringField("timestamp", DateTimeFormatter.ISO_INSTANT.format(e.timestamp()));
            if (!e.context().isEmpty()) {
                g.writeObjectFieldStart("context");
                for (Map.Entry<String, String> entry : new TreeMap<>(e.context()).entrySet()) {
                    g.writeStringField(entry.getKey(), entry.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException ex) {
            // Only reachable through a bug: the target is an in-memory stream.
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    private ParseResult parseObject(JsonNode node) {
        Field<String> eventId = requiredString(node, "eventId");
        if (eventId.error != null) {
            return invalid(eventId.error);
        }
        int eventIdLength = eventId.value.codePointCount(0, eventId.value.length());
        if (eventIdLength < 1 || eventIdLength > MAX_ID_LENGTH) {
            return invalid(new FieldError("eventId", EVENT_ID_LENGTH));
        }

        Field<String> userId = id(node, "userId");
        if (userId.error != null) {
            return invalid(userId.error);
        }
        Field<String> itemId = id(node, "itemId");
        if (itemId.error != null) {
            return invalid(itemId.error);
        }

        Field<InteractionType> type = type(node);
        if (type.error != null) {
            return invalid(type.error);
        }

        Field<Double> value = value(node, type.value);
        if (value.error != null) {
            return invalid(value.error);
        }

        Field<Instant> timestamp = timestamp(node);
        if (timestamp.error != null) {
            return invalid(timestamp.error);
        }

        Field<Map<String, String>> context = context(node);
        if (context.error != null) {
            return invalid(context.error);
        }

        return new ParseResult.Valid(new InteractionEvent(
                eventId.value, userId.value, itemId.value, type.value, value.value, timestamp.value, context.value));
    }

    private static Field<String> requiredString(JsonNode node, String name) {
        JsonNode field = node.get(name);
        if (isAbsent(field)) {
            return Field.error(name, REQUIRED);
        }
        if (!field.isTextual()) {
            return Field.error(name, NOT_A_STRING);
        }
        return Field.of(field.textValue());
    }

    private static Field<String> id(JsonNode node, String name) {
        Field<String> field = requiredString(node, name);
        if (field.error == null && !ID.matcher(field.value).matches()) {
            return Field.error(name, ID_FORMAT);
        }
        return field;
    }

    private static Field<InteractionType> type(JsonNode node) {
        JsonNode field = node.get("type");
        if (isAbsent(field)) {
            return Field.error("type", REQUIRED + " and " + TYPE_VALUES);
        }
        return InteractionType.fromWire(field.isTextual() ? field.textValue() : null)
                .map(Field::of)
                .orElseGet(() -> Field.error("type", TYPE_VALUES));
    }

    private static Field<Double> value(JsonNode node, InteractionType type) {
        JsonNode field = node.get("value");
        if (isAbsent(field)) {
            return type == InteractionType.RATING ? Field.error("value", VALUE_REQUIRED_FOR_RATING) : Field.of(null);
        }
        // Numbers beyond double's range parse as infinities; the range keeps every weighted sum far from overflow.
        double value = field.isNumber() ? field.doubleValue() : Double.NaN;
        if (!(value >= MIN_VALUE && value <= MAX_VALUE)) {
            return Field.error("value", VALUE_OUT_OF_RANGE);
        }
        return Field.of(value);
    }

    private Field<Instant> timestamp(JsonNode node) {
        JsonNode field = node.get("timestamp");
        if (isAbsent(field)) {
            return Field.error("timestamp", REQUIRED + " and " + TIMESTAMP_FORMAT);
        }
        Instant instant = toInstant(field);
        if (instant == null) {
            return Field.error("timestamp", TIMESTAMP_FORMAT);
        }
        if (instant.isBefore(window.earliest())) {
            return Field.error("timestamp", tooEarly);
        }
        if (instant.isAfter(window.latest(clock.instant()))) {
            return Field.error("timestamp", tooFarAhead);
        }
        return Field.of(instant);
    }

    /** The instant a timestamp node denotes, or null if it is in none of the accepted forms. */
    private static Instant toInstant(JsonNode field) {
        if (field.isIntegralNumber()) {
            return field.canConvertToLong() ? Instant.ofEpochMilli(field.longValue()) : null;
        }
        if (!field.isTextual()) {
            return null;
        }
        String text = field.textValue();
        try {
            if (EPOCH_MILLIS.matcher(text).matches()) {
                return Instant.ofEpochMilli(Long.parseLong(text));
            }
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (NumberFormatException | DateTimeException e) {
            return null;
        }
    }

    private static Field<Map<String, String>> context(JsonNode node) {
        return stringMap(node, "context", MAX_CONTEXT_ENTRIES, MAX_CONTEXT_KEY_LENGTH, MAX_CONTEXT_VALUE_LENGTH);
    }

    /** An optional object of strings ({@code context}, catalog {@code attributes}); absent means empty. */
    static Field<Map<String, String>> stringMap(JsonNode node, String name, int maxEntries, int maxKeyLength,
            int maxValueLength) {
        JsonNode field = node.get(name);
        if (isAbsent(field)) {
            return Field.of(Map.of());
        }
        if (!field.isObject()) {
            return Field.error(name, CONTEXT_NOT_AN_OBJECT);
        }
        if (field.size() > maxEntries) {
            return Field.error(name, "must have at most " + maxEntries + " entries");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = field.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            if (key.length() > maxKeyLength) {
                return Field.error(name + "." + JsonBody.shortName(key, maxKeyLength),
                        "key must be at most " + maxKeyLength + " characters");
            }
            if (!entry.getValue().isTextual()) {
                return Field.error(name + "." + key, NOT_A_STRING);
            }
            if (entry.getValue().textValue().length() > maxValueLength) {
                return Field.error(name + "." + key, "must be at most " + maxValueLength + " characters");
            }
            values.put(entry.getKey(), entry.getValue().textValue());
        }
        return Field.of(values);
    }

    // An explicit JSON null reads the same as an absent field.
    private static boolean isAbsent(JsonNode field) {
        return field == null || field.isNull();
    }

    private static ParseResult invalid(FieldError error) {
        return new ParseResult.Invalid(error);
    }

    /** A decoded value (one field, or the whole body) or the error that replaced it. */
    record Field<T>(T value, FieldError error) {
        static <T> Field<T> of(T value) {
            return new Field<>(value, null);
        }

        static <T> Field<T> error(String field, String reason) {
            return new Field<>(null, new FieldError(field, reason));
        }
    }
}
