package io.murmuration.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.murmuration.protocol.InteractionEventCodec.Field;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads a producer's bytes into a JSON tree, refusing what would harm a reader before any field rule runs: bytes
 * that are not UTF-8, text that is not one JSON value, and numbers too long to convert in bounded time. Shared by
 * the event and catalog codecs, so both topics and the HTTP API refuse the same bodies the same way.
 */
final class JsonBody {

    /**
     * Longest number, in characters, that any field may hold. No field accepts more than a 19-digit epoch; the bound
     * exists because Jackson 2.13 converts an integer's digits to a {@code BigInteger} in time that grows with the
     * square of their count (a 900,000-digit value took 12 s), and one such record would stall its stream.
     */
    static final int MAX_NUMBER_LENGTH = 1000;

    static final String NOT_JSON = "is not valid JSON";
    static final String EMPTY = "is empty";
    static final String NUMBER_TOO_LONG =
            "is a number longer than " + MAX_NUMBER_LENGTH + " characters, which no field accepts";

    private static final ObjectMapper TREE_MAPPER = new ObjectMapper();
    // Trailing tokens and repeated keys make a record ambiguous, so they are refused rather than guessed at.
    private static final ObjectReader READER = TREE_MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final JsonFactory FACTORY = TREE_MAPPER.getFactory();

    private JsonBody() {
    }

    /** The body as a tree, or the error that stops it being read at all. Never throws. */
    static Field<JsonNode> read(byte[] json) {
        if (json == null || isBlank(json)) {
            return Field.error("body", EMPTY);
        }
        int malformed = firstMalformedUtf8Byte(json);
        if (malformed >= 0) {
            return Field.error("body", NOT_JSON + " (malformed UTF-8 at byte " + malformed + ")");
        }
        // A body no longer than the bound cannot hold a longer number, so the common small record skips the scan.
        if (json.length > MAX_NUMBER_LENGTH) {
            String overlong = firstOverlongNumber(json);
            if (overlong != null) {
                return Field.error(overlong, NUMBER_TOO_LONG);
            }
        }
        try {
            JsonNode root = READER.readTree(json);
            if (root == null || root.isMissingNode()) {
                return Field.error("body", EMPTY);
            }
            return Field.of(root);
        } catch (JsonProcessingException e) {
            return Field.error("body", NOT_JSON + at(e.getLocation()));
        } catch (IOException e) {
            // Jackson's UTF-32 reader reports undecodable input as a plain IOException.
            return Field.error("body", NOT_JSON);
        }
    }

    /**
     * {@code key} as an error names it: whole when it has at most {@code maxLength} characters, otherwise its start
     * and "…" (the whole of an over-long key would only repeat the problem). The cut never splits a surrogate pair.
     */
    static String shortName(String key, int maxLength) {
        if (key.length() <= maxLength) {
            return key;
        }
        int end = Character.isHighSurrogate(key.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
        return key.substring(0, end) + "…";
    }

    /**
     * The path of the first number token longer than {@link #MAX_NUMBER_LENGTH}, or null when there is none. Reading
     * tokens only gathers a number's characters, which takes time in proportion to their count; converting them is
     * what is slow, and the scan never does. Text that is not JSON is left for the tree reader to name.
     */
    private static String firstOverlongNumber(byte[] json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isNumeric() && parser.getTextLength() > MAX_NUMBER_LENGTH) {
                    return pathOf(parser.getParsingContext());
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * A value's path as errors name fields: {@code attributes.size}, {@code [3].value}, {@code ""} for a member with
     * an empty name, or {@code body} at the root.
     */
    private static String pathOf(JsonStreamContext context) {
        Deque<String> steps = new ArrayDeque<>();
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inArray()) {
                steps.push("[" + at.getCurrentIndex() + "]");
            } else {
                String name = at.getCurrentName();
                // An empty name is shown quoted, so that the path still says a member was there.
                steps.push("." + (name == null || name.isEmpty() ? "\"\""
                        : shortName(name, InteractionEventCodec.MAX_CONTEXT_KEY_LENGTH)));
            }
        }
        if (steps.isEmpty()) {
            return "body";
        }
        String path = String.join("", steps);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    /**
     * The offset of the first byte that is not well-formed UTF-8, or -1. Jackson 2.13 decodes overlong forms, encoded
     * surrogates and code points past U+10FFFF without complaint, which would let NULs and lone surrogates into event
     * ids, context and catalog attributes; the JDK's decoder refuses them.
     */
    private static int firstMalformedUtf8Byte(byte[] json) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer in = ByteBuffer.wrap(json);
        CharBuffer out = CharBuffer.allocate(512);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isUnderflow()) {
                return -1;
            }
            out.clear();
        }
    }

    private static boolean isBlank(byte[] json) {
        for (byte b : json) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
