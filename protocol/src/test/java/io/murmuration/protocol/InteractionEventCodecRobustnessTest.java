package io.murmuration.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static io.murmuration.protocol.WireFixtures.CLOCK;
import static io.murmuration.protocol.WireFixtures.bytes;
import static io.murmuration.protocol.WireFixtures.utf8;
import static io.murmuration.protocol.WireFixtures.validEvent;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The codec sits at the edge of the stream, so no input may make it throw. */
class InteractionEventCodecRobustnessTest {

    // A fixed seed keeps any failure reproducible.
    private static final long SEED = 20261122L;

    private final InteractionEventCodec codec = new InteractionEventCodec(CLOCK);

    private static byte[] aRichEvent() {
        var event = validEvent().put("type", "rating").put("value", 4.5);
        event.putObject("context").put("page", "home").put("device", "ios");
        return bytes(event);
    }

    private void assertAnswersWithoutThrowing(byte[] given) {
        ParseResult single = assertDoesNotThrow(() -> codec.parse(given), () -> describe(given));
        BatchResult batch = assertDoesNotThrow(() -> codec.parseBatch(given), () -> describe(given));
        assertNotNull(single, () -> describe(given));
        assertNotNull(batch, () -> describe(given));
    }

    private static String describe(byte[] given) {
        return "input " + Arrays.toString(given) + " / " + new String(given, StandardCharsets.ISO_8859_1);
    }

    @Test
    void neverThrowsOnRandomBytes() {
        Random random = new Random(SEED);
        for (int i = 0; i < 5_000; i++) {
            byte[] given = new byte[random.nextInt(64)];
            random.nextBytes(given);

            assertAnswersWithoutThrowing(given);
        }
    }

    @Test
    void neverThrowsOnRandomJsonLikeCharacters() {
        char[] alphabet = "{}[]\":,.-+eE0123456789 truefalsnul\\u".toCharArray();
        Random random = new Random(SEED);
        for (int i = 0; i < 5_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(80);
            for (int j = 0; j < length; j++) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }

            assertAnswersWithoutThrowing(utf8(text.toString()));
        }
    }

    @Test
    void everyTruncationOfAValidEventIsRefusedNotThrown() {
        byte[] whole = aRichEvent();
        for (int length = 0; length < whole.length; length++) {
            byte[] given = Arrays.copyOf(whole, length);

            assertAnswersWithoutThrowing(given);
            assertInstanceOf(ParseResult.Invalid.class, codec.parse(given), () -> describe(given));
        }
    }

    @Test
    void neverThrowsWhenSingleBytesOfAValidEventAreCorrupted() {
        byte[] whole = aRichEvent();
        Random random = new Random(SEED);
        for (int i = 0; i < 5_000; i++) {
            byte[] given = whole.clone();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                given[random.nextInt(given.length)] = (byte) random.nextInt(256);
            }

            assertAnswersWithoutThrowing(given);
        }
    }

    @Test
    void neverThrowsOnPathologicalShapes() {
        String[] shapes = {
                "[".repeat(200_000),
                "{\"a\":".repeat(50_000),
                "[" + "{},".repeat(5_000) + "{}]",
                "\uFEFF{}",
                "{\"eventId\":\"" + "\\uD800".repeat(10) + "\"}",
                "{\"timestamp\":\"+999999999-12-31T23:59:59Z\"}",
                "{\"eventId\":\"e\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":-9223372036854775808}",
                "{\"eventId\":\"e\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":\"9223372036854775807\"}",
                "{\"eventId\":\"e\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":NaN}",
                "\u0000\u0000\u0000{",
        };
        for (String shape : shapes) {
            assertAnswersWithoutThrowing(utf8(shape));
        }
        assertAnswersWithoutThrowing(new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '{'});
        assertAnswersWithoutThrowing(new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF, 0, 0, 0, '{'});
    }
}
