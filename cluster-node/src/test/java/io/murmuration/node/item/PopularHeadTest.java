package io.murmuration.node.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PopularHeadTest {

    @Test
    void saysNothingBeforeTheFirstPublicationThenHoldsOnlyThePublicationsFirstItems() {
        PopularHead head = new PopularHead(2);
        assertNull(head.holds("a"), "no list yet: not judged");

        head.update(List.of(new ScoredItem("a", 9), new ScoredItem("b", 5), new ScoredItem("c", 4)));
        assertEquals(true, head.holds("a"));
        assertEquals(true, head.holds("b"));
        assertEquals(false, head.holds("c"), "third of a head of two");

        head.update(List.of(new ScoredItem("c", 12)));
        assertTrue(head.holds("c"));
        assertFalse(head.holds("a"), "the latest publication alone counts");

        head.update(List.of());
        assertEquals(false, head.holds("c"), "an empty list: nothing is popular, which is a judgement");
        assertThrows(IllegalArgumentException.class, () -> new PopularHead(0));
    }
}
