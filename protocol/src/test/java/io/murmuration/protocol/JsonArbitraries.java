package io.murmuration.protocol;

import static io.murmuration.protocol.WireFixtures.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Generators the codecs' property tests share: a field's JSON, of its kind or not, and ids near their rules. */
final class JsonArbitraries {

    private JsonArbitraries() {
    }

    /** A field's JSON: usually a value of its kind, sometimes any other JSON, sometimes absent (null here). */
    static Arbitrary<JsonNode> fieldValue(Arbitrary<JsonNode> ofItsKind) {
        return Arbitraries.frequencyOf(Tuple.of(8, ofItsKind), Tuple.of(2, anyJson()), Tuple.of(1, Arbitraries.just(null)));
    }

    /** Ids that mostly keep the id rule's characters, around its length bound, and any strings. */
    static Arbitrary<JsonNode> ids() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').withChars("._:@-0").ofMinLength(1).ofMaxLength(130),
                Arbitraries.strings().ofMaxLength(140)).map(JsonNodeFactory.instance::textNode);
    }

    /** One JSON value of any kind: null, a boolean, a number, a string, an array, an object. */
    static Arbitrary<JsonNode> anyJson() {
        return Arbitraries.oneOf(
                Arbitraries.just(JsonNodeFactory.instance.nullNode()),
                Arbitraries.of(true, false).map(JsonNodeFactory.instance::booleanNode),
                Arbitraries.longs().map(JsonNodeFactory.instance::numberNode),
                Arbitraries.doubles().map(JsonNodeFactory.instance::numberNode),
                Arbitraries.strings().ofMaxLength(30).map(JsonNodeFactory.instance::textNode),
                Arbitraries.just(JSON.createArrayNode().add(1).add("x")),
                Arbitraries.just(JSON.createObjectNode().put("nested", 1)));
    }
}
