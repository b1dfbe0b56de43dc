package io.murmuration.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static io.murmuration.protocol.WireFixtures.CLOCK;
import static io.murmuration.protocol.WireFixtures.JSON;
import static io.murmuration.protocol.WireFixtures.NOW;
import static io.murmuration.protocol.WireFixtures.assertInvalid;
import static io.murmuration.protocol.WireFixtures.assertValid;
import static io.murmuration.protocol.WireFixtures.bytes;
import static io.murmuration.protocol.WireFixtures.utf8;
import static io.murmuration.protocol.WireFixtures.validEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InteractionEventCodecTest {

    private final InteractionEventCodec codec = new InteractionEventCodec(CLOCK);

    @Test
    void readsEveryFieldOfAValidEvent() {
        ObjectNode given = validEvent().put("type", "rating").put("value", 4.5);
        given.putObject("context").put("device", "ios").put("page", "home");

        InteractionEvent event = assertValid(codec.parse(bytes(given)));

        assertEquals(new InteractionEvent("evt-1", "user-42", "sku:1234", InteractionType.RATING, 4.5,
                Instant.parse("2026-11-22T09:30:00Z"), Map.of("device", "ios", "page", "home")), event);
    }

    @Test
    void ignoresUnknownTopLevelFields() {
        ObjectNode given = validEvent().put("source", "web").put("schemaVersion", 7);
        given.putObject("extra").putArray("anything").add(1);

        InteractionEvent event = assertValid(codec.parse(bytes(given)));

        assertEquals("evt-1", event.eventId());
    }

    @Nested
    class Body {

        @Test
        void refusesBytesThatAreNotJson() {
            ParseResult result = codec.parse(utf8("{\"eventId\": "));

            FieldError error = ((ParseResult.Invalid) result).error();
            assertEquals("body", error.field());
            assertTrue(error.reason().startsWith("is not valid JSON"), error.reason());
            assertTrue(error.reason().contains("line 1"), "says where: " + error.reason());
        }

        @Test
        void refusesInvalidUtf8() {
            byte[] given = {'{', '"', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

            FieldError error = ((ParseResult.Invalid) codec.parse(given)).error();

            assertEquals("body", error.field());
            assertTrue(error.reason().startsWith("is not valid JSON"), error.reason());
        }

        @Test
        void refusesAnEmptyOrBlankBody() {
            assertInvalid(codec.parse(new byte[0]), "body", "is empty");
            assertInvalid(codec.parse(utf8(" \n\t ")), "body", "is empty");
            assertInvalid(codec.parse(null), "body", "is empty");
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "[{}]", "\"event\"", "42", "null", "true"})
        void refusesJsonThatIsNotAnObject(String given) {
            assertInvalid(codec.parse(utf8(given)), "body", "must be a JSON object");
        }

        @Test
        void refusesTrailingContentAfterTheObject() {
            byte[] given = utf8(new String(bytes(validEvent()), StandardCharsets.UTF_8) + " {}");

            FieldError error = ((ParseResult.Invalid) codec.parse(given)).error();

            assertEquals("body", error.field());
            assertTrue(error.reason().startsWith("is not valid JSON"), error.reason());
        }

        @Test
        void refusesRepeatedFieldsBecauseTheyAreAmbiguous() {
            byte[] given = utf8("{\"eventId\":\"a\",\"eventId\":\"b\",\"userId\":\"u\",\"itemId\":\"i\","
                    + "\"type\":\"view\",\"timestamp\":0}");

            FieldError error = ((ParseResult.Invalid) codec.parse(given)).error();

            assertEquals("body", error.field());
            assertTrue(error.reason().startsWith("is not valid JSON"), error.reason());
        }

        @Test
        void deepNestingIsJustAnotherWrongValue() {
            int depth = 100_000;
            byte[] given = utf8("{\"eventId\":\"e\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\","
                    + "\"timestamp\":1700000000000,\"context\":{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}}");

            assertInvalid(codec.parse(given), "context.a", "must be a string");
        }
    }

    @Nested
    class EventId {

        @Test
        void isRequired() {
            assertInvalid(codec.parse(bytes(validEvent().without("eventId"))), "eventId", "is required");
            assertInvalid(codec.parse(bytes(validEvent().putNull("eventId"))), "eventId", "is required");
        }

        @Test
        void mustBeAString() {
            assertInvalid(codec.parse(bytes(validEvent().put("eventId", 17))), "eventId", "must be a string");
        }

        @Test
        void mustNotBeEmpty() {
            assertInvalid(codec.parse(bytes(validEvent().put("eventId", ""))), "eventId", "must be 1 to 128 characters");
        }

        @Test
        void mayBeAnyTextUpTo128Characters() {
            String longest = "é/ ".repeat(42) + "xy";

            InteractionEvent event = assertValid(codec.parse(bytes(validEvent().put("eventId", longest))));

            assertEquals(longest, event.eventId());
        }

        @Test
        void mustNotExceed128Characters() {
            assertInvalid(codec.parse(bytes(validEvent().put("eventId", "e".repeat(129)))),
                    "eventId", "must be 1 to 128 characters");
        }
    }

    @Nested
    class UserAndItemIds {

        private static final String ID_RULE =
                "must be 1 to 128 characters, each a letter, digit or one of . _ : @ -";

        @ParameterizedTest
        @ValueSource(strings = {"userId", "itemId"})
        void areRequired(String field) {
            assertInvalid(codec.parse(bytes(validEvent().without(field))), field, "is required");
        }

        @ParameterizedTest
        @ValueSource(strings = {"userId", "itemId"})
        void mustBeStrings(String field) {
            assertInvalid(codec.parse(bytes(validEvent().put(field, 42))), field, "must be a string");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "has space", "slash/y", "ümlaut", "semi;colon", "tab\t"})
        void refuseCharactersOutsideTheIdAlphabet(String given) {
            assertInvalid(codec.parse(bytes(validEvent().put("userId", given))), "userId", ID_RULE);
            assertInvalid(codec.parse(bytes(validEvent().put("itemId", given))), "itemId", ID_RULE);
        }

        @Test
        void acceptEveryCharacterOfTheIdAlphabetUpTo128() {
            String given = "AZaz09._:@-" + "x".repeat(117);

            InteractionEvent event =
                    assertValid(codec.parse(bytes(validEvent().put("userId", given).put("itemId", given))));

            assertEquals(given, event.userId());
            assertEquals(given, event.itemId());
        }

        @Test
        void refuseMoreThan128Characters() {
            assertInvalid(codec.parse(bytes(validEvent().put("itemId", "i".repeat(129)))), "itemId", ID_RULE);
        }
    }

    @Nested
    class Type {

        private static final String TYPE_RULE = "must be one of view, click, add_to_cart, purchase, rating, skip";

        @Test
        void isRequiredAndTheReasonListsTheChoices() {
            assertInvalid(codec.parse(bytes(validEvent().without("type"))), "type", "is required and " + TYPE_RULE);
        }

        @ParameterizedTest
        @ValueSource(strings = {"VIEW", "like", "add-to-cart", ""})
        void mustBeOneOfTheWireNames(String given) {
            assertInvalid(codec.parse(bytes(validEvent().put("type", given))), "type", TYPE_RULE);
        }

        @Test
        void mustBeAString() {
            assertInvalid(codec.parse(bytes(validEvent().put("type", 1))), "type", TYPE_RULE);
        }

        @Test
        void acceptsEveryWireName() {
            for (InteractionType type : InteractionType.values()) {
                ObjectNode given = validEvent().put("type", type.wireName()).put("value", 1.0);

                assertEquals(type, assertValid(codec.parse(bytes(given))).type());
            }
        }
    }

    @Nested
    class Value {

        private static final String RANGE_RULE = "must be a finite number from 0 to 10";

        @Test
        void isRequiredForARating() {
            ObjectNode given = validEvent().put("type", "rating");

            assertInvalid(codec.parse(bytes(given)), "value", "is required when type is rating");
            assertInvalid(codec.parse(bytes(given.putNull("value"))), "value", "is required when type is rating");
        }

        @Test
        void isOptionalForOtherTypes() {
            InteractionEvent event = assertValid(codec.parse(bytes(validEvent().put("type", "purchase"))));

            assertNull(event.value());
        }

        @Test
        void isKeptWhenGivenForOtherTypes() {
            ObjectNode given = validEvent().put("type", "purchase").put("value", 9);

            assertEquals(9.0, assertValid(codec.parse(bytes(given))).value());
        }

        @Test
        void mustBeANumber() {
            ObjectNode given = validEvent().put("type", "rating").put("value", "4.5");

            assertInvalid(codec.parse(bytes(given)), "value", RANGE_RULE);
            assertInvalid(codec.parse(bytes(validEvent().put("type", "rating").put("value", "NaN"))), "value", RANGE_RULE);
        }

        @Test
        void acceptsBothEndsOfTheRange() {
            assertEquals(0.0, assertValid(codec.parse(bytes(validEvent().put("type", "rating").put("value", 0)))).value());
            assertEquals(10.0, assertValid(codec.parse(bytes(validEvent().put("type", "rating").put("value", 10)))).value());
        }

        @Test
        void refusesNumbersOutsideTheRangeForEveryType() {
            for (InteractionType type : InteractionType.values()) {
                for (double outside : new double[] {-1, -Double.MIN_VALUE, 10.000001, 1e308, Long.MAX_VALUE}) {
                    ObjectNode given = validEvent().put("type", type.wireName()).put("value", outside);

                    assertInvalid(codec.parse(bytes(given)), "value", RANGE_RULE);
                }
            }
        }

        @Test
        void mustBeFinite() {
            byte[] given = utf8("{\"eventId\":\"e\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"rating\","
                    + "\"value\":1e400,\"timestamp\":0}");

            assertInvalid(codec.parse(given), "value", RANGE_RULE);
        }

        @Test
        void mustBeFiniteEvenWhenOptional() {
            byte[] given = utf8("{\"eventId\":\"e\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\","
                    + "\"value\":-1e999,\"timestamp\":0}");

            assertInvalid(codec.parse(given), "value", RANGE_RULE);
        }
    }

    @Nested
    class Timestamp {

        private static final String FORMAT_RULE = "must be an ISO-8601 instant or epoch milliseconds";

        private Instant parsed(ObjectNode given) {
            return assertValid(codec.parse(bytes(given))).timestamp();
        }

        @Test
        void acceptsAnIsoInstantInUtc() {
            assertEquals(Instant.parse("2026-11-22T09:00:00Z"),
                    parsed(validEvent().put("timestamp", "2026-11-22T09:00:00Z")));
        }

        @Test
        void acceptsAnIsoInstantWithFractionalSeconds() {
            assertEquals(Instant.parse("2026-11-22T09:00:00.123456789Z"),
                    parsed(validEvent().put("timestamp", "2026-11-22T09:00:00.123456789Z")));
        }

        @Test
        void acceptsAnIsoDateTimeWithAnOffset() {
            assertEquals(Instant.parse("2026-11-22T09:00:00Z"),
                    parsed(validEvent().put("timestamp", "2026-11-22T10:00:00+01:00")));
            assertEquals(Instant.parse("2026-11-22T15:30:00Z"),
                    parsed(validEvent().put("timestamp", "2026-11-22T10:00:00-05:30")));
        }

        @Test
        void acceptsEpochMillisecondsAsANumber() {
            assertEquals(NOW.minusSeconds(60), parsed(validEvent().put("timestamp", NOW.minusSeconds(60).toEpochMilli())));
        }

        @Test
        void acceptsEpochMillisecondsAsANumericString() {
            String given = Long.toString(NOW.minusSeconds(60).toEpochMilli());

            assertEquals(NOW.minusSeconds(60), parsed(validEvent().put("timestamp", given)));
        }

        @Test
        void acceptsPastTimestampsBackToTheWindowsStart() {
            assertEquals(Instant.parse("1995-01-01T00:00:00Z"),
                    parsed(validEvent().put("timestamp", Instant.parse("1995-01-01T00:00:00Z").toEpochMilli())));
            assertEquals(Instant.parse("1999-01-01T00:00:00Z"),
                    parsed(validEvent().put("timestamp", "1999-01-01T00:00:00Z")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-1", "-9223372036854775808", "788918399999", "1994-12-31T23:59:59.999Z",
                "-999999999-01-01T00:00:00Z"})
        void refusesTimestampsBeforeTheWindow(String given) {
            ObjectNode asText = validEvent().put("timestamp", given);

            assertInvalid(codec.parse(bytes(asText)), "timestamp", "must not be before 1995-01-01T00:00:00Z");
        }

        @ParameterizedTest
        @ValueSource(longs = {Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE, 0L})
        void refusesTheExtremeLongsAsNumbers(long given) {
            FieldError error = ((ParseResult.Invalid) codec.parse(bytes(validEvent().put("timestamp", given)))).error();

            assertEquals("timestamp", error.field());
        }

        @Test
        void followsAConfiguredWindow() {
            EventTimeWindow window = new EventTimeWindow(Instant.parse("2020-01-01T00:00:00Z"), Duration.ofMinutes(90));
            InteractionEventCodec strict = new InteractionEventCodec(CLOCK, window);

            assertInvalid(strict.parse(bytes(validEvent().put("timestamp", "2019-12-31T23:59:59Z"))),
                    "timestamp", "must not be before 2020-01-01T00:00:00Z");
            assertInvalid(strict.parse(bytes(validEvent().put("timestamp", NOW.plus(Duration.ofMinutes(91)).toString()))),
                    "timestamp", "must not be more than 90 minutes ahead of the server clock");
            assertValid(strict.parse(bytes(validEvent().put("timestamp", NOW.plus(Duration.ofMinutes(90)).toString()))));
        }

        @Test
        void accepts23HoursAhead() {
            Instant ahead = NOW.plus(Duration.ofHours(23));

            assertEquals(ahead, parsed(validEvent().put("timestamp", ahead.toString())));
        }

        @Test
        void acceptsExactly24HoursAhead() {
            Instant ahead = NOW.plus(Duration.ofHours(24));

            assertEquals(ahead, parsed(validEvent().put("timestamp", ahead.toEpochMilli())));
        }

        @Test
        void refuses25HoursAhead() {
            Instant ahead = NOW.plus(Duration.ofHours(25));

            assertInvalid(codec.parse(bytes(validEvent().put("timestamp", ahead.toString()))),
                    "timestamp", "must not be more than 24 hours ahead of the server clock");
            assertInvalid(codec.parse(bytes(validEvent().put("timestamp", ahead.toEpochMilli()))),
                    "timestamp", "must not be more than 24 hours ahead of the server clock");
        }

        @Test
        void refusesOneMillisecondBeyond24HoursAhead() {
            long given = NOW.plus(Duration.ofHours(24)).toEpochMilli() + 1;

            assertInvalid(codec.parse(bytes(validEvent().put("timestamp", given))),
                    "timestamp", "must not be more than 24 hours ahead of the server clock");
        }

        @Test
        void isRequired() {
            assertInvalid(codec.parse(bytes(validEvent().without("timestamp"))),
                    "timestamp", "is required and " + FORMAT_RULE);
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "yesterday",
                "2026-11-22",
                "2026-11-22T09:00:00",
                "2026-11-22 09:00:00Z",
                "2026-13-01T00:00:00Z",
                "1.7e12",
                "99999999999999999999",
                ""})
        void refusesStringsInNeitherForm(String given) {
            assertInvalid(codec.parse(bytes(validEvent().put("timestamp", given))), "timestamp", FORMAT_RULE);
        }

        @Test
        void refusesFractionalAndOutOfRangeNumbers() {
            assertInvalid(codec.parse(bytes(validEvent().put("timestamp", 1.7e12))), "timestamp", FORMAT_RULE);
            assertInvalid(codec.parse(bytes(validEvent().put("timestamp", new BigInteger("99999999999999999999")))),
                    "timestamp", FORMAT_RULE);
        }

        @Test
        void refusesOtherJsonTypes() {
            assertInvalid(codec.parse(bytes(validEvent().put("timestamp", true))), "timestamp", FORMAT_RULE);
            ObjectNode given = validEvent();
            given.putObject("timestamp");
            assertInvalid(codec.parse(bytes(given)), "timestamp", FORMAT_RULE);
        }

        @Test
        void isJudgedAgainstTheCodecsClock() {
            InteractionEventCodec later = new InteractionEventCodec(Clock.fixed(NOW.plus(Duration.ofDays(2)), ZoneOffset.UTC));
            ObjectNode given = validEvent().put("timestamp", NOW.plus(Duration.ofHours(30)).toString());

            assertInvalid(codec.parse(bytes(given)), "timestamp", "must not be more than 24 hours ahead of the server clock");
            assertValid(later.parse(bytes(given)));
        }
    }

    @Nested
    class Context {

        @Test
        void isEmptyWhenAbsentOrNull() {
            assertEquals(Map.of(), assertValid(codec.parse(bytes(validEvent()))).context());
            assertEquals(Map.of(), assertValid(codec.parse(bytes(validEvent().putNull("context")))).context());
        }

        @Test
        void keepsStringEntries() {
            ObjectNode given = validEvent();
            given.putObject("context").put("page", "home").put("ab", "");

            assertEquals(Map.of("page", "home", "ab", ""), assertValid(codec.parse(bytes(given))).context());
        }

        @Test
        void mustBeAnObject() {
            ObjectNode given = validEvent();
            given.putArray("context").add("page");

            assertInvalid(codec.parse(bytes(given)), "context", "must be an object whose values are strings");
            assertInvalid(codec.parse(bytes(validEvent().put("context", "page=home"))),
                    "context", "must be an object whose values are strings");
        }

        @Test
        void valuesMustBeStringsAndTheErrorNamesTheKey() {
            ObjectNode given = validEvent();
            given.putObject("context").put("page", "home").put("position", 3);

            assertInvalid(codec.parse(bytes(given)), "context.position", "must be a string");
        }

        @Test
        void nullValuesAreRefusedToo() {
            ObjectNode given = validEvent();
            given.putObject("context").putNull("page");

            assertInvalid(codec.parse(bytes(given)), "context.page", "must be a string");
        }

        @Test
        void keysHoldAtMost64CharactersAndValues256AndTheErrorNamesTheKeyByItsStart() {
            ObjectNode atTheBounds = validEvent();
            atTheBounds.putObject("context").put("k".repeat(64), "v".repeat(256));
            assertEquals(Map.of("k".repeat(64), "v".repeat(256)), assertValid(codec.parse(bytes(atTheBounds))).context());

            ObjectNode longValue = validEvent();
            longValue.putObject("context").put("page", "v".repeat(257));
            assertInvalid(codec.parse(bytes(longValue)), "context.page", "must be at most 256 characters");

            ObjectNode longKey = validEvent();
            longKey.putObject("context").put("k".repeat(5000), "home");
            assertInvalid(codec.parse(bytes(longKey)), "context." + "k".repeat(64) + "…", "key must be at most 64 characters");
        }

        @Test
        void holdsAtMost16Entries() {
            ObjectNode full = validEvent();
            ObjectNode context = full.putObject("context");
            for (int i = 0; i < 16; i++) {
                context.put("k" + i, "v" + i);
            }
            assertEquals(16, assertValid(codec.parse(bytes(full))).context().size());

            context.put("k16", "v16");

            assertInvalid(codec.parse(bytes(full)), "context", "must have at most 16 entries");
        }

        @Test
        void cannotBeModifiedAfterParsing() {
            ObjectNode given = validEvent();
            given.putObject("context").put("page", "home");
            Map<String, String> context = assertValid(codec.parse(bytes(given))).context();

            assertThrows(UnsupportedOperationException.class, context::clear);
        }
    }

    @Nested
    class RuleOrder {

        @Test
        void reportsTheFirstBrokenFieldInDeclarationOrder() {
            ObjectNode given = validEvent().put("userId", "bad id").put("timestamp", "never");

            assertInvalid(codec.parse(bytes(given)), "userId",
                    "must be 1 to 128 characters, each a letter, digit or one of . _ : @ -");
        }
    }

    @Nested
    class Encoding {

        @Test
        void roundTripsAFullEvent() {
            InteractionEvent given = new InteractionEvent("evt-9", "u@shop.example", "sku-1", InteractionType.RATING,
                    3.5, Instant.parse("2026-11-21T08:15:30.123456789Z"), Map.of("page", "pdp", "device", "android"));

            assertEquals(given, assertValid(codec.parse(codec.encode(given))));
        }

        @Test
        void roundTripsAMinimalEventOfEveryType() {
            for (InteractionType type : InteractionType.values()) {
                Double value = type == InteractionType.RATING ? 5.0 : null;
                InteractionEvent given = new InteractionEvent("e-" + type, "u", "i", type, value, NOW, Map.of());

                assertEquals(given, assertValid(codec.parse(codec.encode(given))));
            }
        }

        @Test
        void writesTheCanonicalForm() {
            InteractionEvent given = new InteractionEvent("e1", "u1", "i1", InteractionType.ADD_TO_CART, null,
                    Instant.parse("2026-11-22T09:00:00Z"), Map.of("z", "1", "a", "2"));

            String json = new String(codec.encode(given), StandardCharsets.UTF_8);

            assertEquals("{\"eventId\":\"e1\",\"userId\":\"u1\",\"itemId\":\"i1\",\"type\":\"add_to_cart\","
                    + "\"timestamp\":\"2026-11-22T09:00:00Z\",\"context\":{\"a\":\"2\",\"z\":\"1\"}}", json);
        }

        @Test
        void omitsAbsentValueAndEmptyContext() throws Exception {
            InteractionEvent given = new InteractionEvent("e1", "u1", "i1", InteractionType.VIEW, null, NOW, Map.of());

            ObjectNode json = (ObjectNode) JSON.readTree(codec.encode(given));

            assertFalse(json.has("value"));
            assertFalse(json.has("context"));
        }

        @Test
        void encodesAParsedEventToTheSameEventAgain() {
            ObjectNode given = validEvent().put("timestamp", "2026-11-22T10:00:00+01:00").put("ignored", true);

            InteractionEvent once = assertValid(codec.parse(bytes(given)));
            InteractionEvent twice = assertValid(codec.parse(codec.encode(once)));

            assertEquals(once, twice);
        }
    }
}
