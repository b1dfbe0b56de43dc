package io.murmuration.node.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A publication's event ids are budgeted by their UTF-8 length, so that the message stays under the transport's frame
 * whatever the ids: the count is exact for every well-formed id and never below what an encoder writes for any.
 */
class PopularityCounterPublicationTest {

    @Property(tries = 1000)
    void theUtf8LengthOfAnIdIsCountedExactlyOrAbove(@ForAll String id) {
        int counted = PopularityCounter.utf8Bytes(id);
        int encoded = id.getBytes(StandardCharsets.UTF_8).length;

        if (wellFormed(id)) {
            assertEquals(encoded, counted, id);
        } else {
            assertTrue(counted >= encoded, id);
        }
    }

    @Property(tries = 300)
    void idsOfAnyScriptAreCountedExactly(@ForAll("wellFormedIds") String id) {
        assertEquals(id.getBytes(StandardCharsets.UTF_8).length, PopularityCounter.utf8Bytes(id), id);
    }

    @Provide
    Arbitrary<String> wellFormedIds() {
        return Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
                .list().ofMaxSize(128)
                .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size()));
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return false;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
