package io.murmuration.protocol;

import static io.murmuration.protocol.WireFixtures.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Properties of the body reader both topics and the HTTP API share: a number too long to convert in bounded time is
 * refused wherever it sits in the document, by its path in the form every other error uses, and a number within the
 * bound is never refused for its length. Documents nest the number under generated names (quoted, over-long, outside
 * the Basic Multilingual Plane) and array positions, with other values before and after it.
 */
class JsonBodyPropertyTest {

    private static final int BOUND = JsonBody.MAX_NUMBER_LENGTH;
    private static final int NAME_BOUND = InteractionEventCodec.MAX_CONTEXT_KEY_LENGTH;

    private final InteractionEventCodec events = new InteractionEventCodec();
    private final CatalogItemCodec catalog = new CatalogItemCodec();

    @Property(tries = 1000)
    void refusesANumberOverTheBoundByItsPathAndNoNumberWithinIt(
            @ForAll("paths") List<Step> path, @ForAll("numbers") String number, @ForAll boolean laterOverlongNumber) {
        String document = wrap(path, number, laterOverlongNumber);
        byte[] body = document.getBytes(StandardCharsets.UTF_8);

        FieldError fromEvents = events.parseBatch(body).error();
        FieldError fromCatalog = catalog.parse(body).error();

        if (number.length() > BOUND) {
            // A later over-long number does not change which one is named: the first, inside the outer array.
            String expected = expectedName(laterOverlongNumber ? prepend(new Step(null, 0), path) : path);
            assertEquals(new FieldError(expected, JsonBody.NUMBER_TOO_LONG), fromEvents, document::toString);
            assertEquals(new FieldError(expected, JsonBody.NUMBER_TOO_LONG), fromCatalog);
        } else if (!laterOverlongNumber) {
            assertNotEquals(JsonBody.NUMBER_TOO_LONG, fromEvents == null ? null : fromEvents.reason());
            assertNotEquals(JsonBody.NUMBER_TOO_LONG, fromCatalog == null ? null : fromCatalog.reason());
        } else {
            // The first number keeps within the bound, so the one after it is the one named.
            assertEquals(JsonBody.NUMBER_TOO_LONG, fromEvents.reason(), fromEvents::toString);
            assertEquals("[1].later", fromEvents.field());
            assertEquals(new FieldError("[1].later", JsonBody.NUMBER_TOO_LONG), fromCatalog);
        }
    }

    @Property(tries = 1000)
    void shortensANameToItsBoundWithoutSplittingACharacter(@ForAll("names") String name) {
        String shown = JsonBody.shortName(name, NAME_BOUND);

        if (name.length() <= NAME_BOUND) {
            assertEquals(name, shown);
            return;
        }
        assertTrue(shown.endsWith("…"), shown);
        String kept = shown.substring(0, shown.length() - 1);
        assertTrue(name.startsWith(kept), shown);
        assertTrue(kept.length() >= NAME_BOUND - 1 && kept.length() <= NAME_BOUND, shown);
        assertFalse(Character.isHighSurrogate(kept.charAt(kept.length() - 1)), "a lone high surrogate ends " + shown);
    }

    /** One step from a container to the value it holds: a member's name, or an array position. */
    record Step(String name, int index) {
        boolean inArray() {
            return name == null;
        }
    }

    // ---- building the document and the name the refusal must give ----

    private static String wrap(List<Step> path, String number, boolean laterOverlongNumber) {
        String inner = number;
        for (int i = path.size() - 1; i >= 0; i--) {
            Step step = path.get(i);
            if (step.inArray()) {
                inner = "[" + "\"before\",".repeat(step.index()) + inner + ", 7, {\"x\": null}]";
            } else {
                inner = "{\"a\": \"before\", " + quoted(step.name()) + ": " + inner + ", \"z\": [1.5]}";
            }
        }
        if (!laterOverlongNumber) {
            return inner;
        }
        return "[" + inner + ", {\"later\": " + "9".repeat(BOUND + 1) + "}]";
    }

    private static String expectedName(List<Step> path) {
        StringBuilder name = new StringBuilder();
        for (Step step : path) {
            if (step.inArray()) {
                name.append('[').append(step.index()).append(']');
            } else {
                String shown = step.name().isEmpty() ? "\"\"" : JsonBody.shortName(step.name(), NAME_BOUND);
                name.append(name.length() == 0 ? "" : ".").append(shown);
            }
        }
        return name.length() == 0 ? "body" : name.toString();
    }

    private static List<Step> prepend(Step first, List<Step> rest) {
        List<Step> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static String quoted(String name) {
        try {
            return JSON.writeValueAsString(name);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- generators ----

    @Provide
    Arbitrary<List<Step>> paths() {
        Arbitrary<Step> member = names().map(name -> new Step(name, 0));
        Arbitrary<Step> position = Arbitraries.integers().between(0, 3).map(index -> new Step(null, index));
        return Arbitraries.oneOf(member, position).list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(80);
        // Names survive the trip through UTF-8 whole, as a producer's can: no lone surrogates.
        Arbitrary<String> anyText = Arbitraries.strings().ofMaxLength(70)
                .filter(name -> name.equals(new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
        // Pairs of surrogates (emoji) land the 64th character on either half of a pair.
        Arbitrary<String> astral = Arbitraries.integers().between(55, 70)
                .map(prefix -> "p".repeat(prefix) + "\uD83D\uDE00".repeat(6));
        return Arbitraries.oneOf(plain, anyText, astral);
    }

    /** Numbers of every JSON shape, with lengths clustered at the bound and reaching far past it. */
    @Provide
    Arbitrary<String> numbers() {
        Arbitrary<Integer> length = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(BOUND - 3, BOUND + 3)),
                Tuple.of(2, Arbitraries.integers().between(1, 40)),
                Tuple.of(2, Arbitraries.integers().between(1, 5 * BOUND).withDistribution(RandomDistribution.uniform())));
        Arbitrary<String> shape = Arbitraries.of("int", "negative", "fraction", "exponent");
        return Combinators.combine(length, shape).as(JsonBodyPropertyTest::numberOfLength);
    }

    /** A valid JSON number of exactly {@code length} characters (at least the shape's shortest form). */
    private static String numberOfLength(int length, String shape) {
        return switch (shape) {
            case "negative" -> length < 2 ? "7" : "-" + digits(length - 1);
            case "fraction" -> length < 3 ? "8" : "1." + digits(length - 2);
            case "exponent" -> length < 3 ? "9" : "2e" + digits(length - 2);
            default -> digits(length);
        };
    }

    private static String digits(int count) {
        StringBuilder digits = new StringBuilder(count);
        digits.append('1');
        for (int i = 1; i < count; i++) {
            digits.append((char) ('0' + i % 10));
        }
        return digits.toString();
    }
}
