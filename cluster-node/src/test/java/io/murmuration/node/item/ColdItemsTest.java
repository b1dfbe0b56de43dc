package io.murmuration.node.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ColdItemsTest {

    private static ColdItems cold(int warmAfter, int maxPerValue) {
        return new ColdItems(warmAfter, Set.of("category"), maxPerValue, item -> !item.startsWith("other"));
    }

    private static List<String> ids(List<ScoredItem> items) {
        return items.stream().map(ScoredItem::itemId).toList();
    }

    @Test
    void findsColdItemsSharingACategoryLatestCataloguedFirst() {
        ColdItems cold = cold(3, 10);
        cold.catalogue("tea", Map.of("category", "drinks"));
        cold.catalogue("coffee", Map.of("category", "drinks", "title", "Dark roast"));
        cold.catalogue("bread", Map.of("category", "bakery"));

        assertEquals(List.of("category=drinks"), cold.valuesOf("coffee"), "only the matched keys");
        List<ScoredItem> like = cold.like(cold.valuesOf("tea"), 10, id -> false);

        assertEquals(List.of("coffee", "tea"), ids(like));
        assertEquals(1.0, like.get(0).score());
        assertEquals(0.5, like.get(1).score(), "one rank older");
    }

    @Test
    void anItemWarmsAfterEnoughVisitsAndItsFirstVisitsRaiseItsScore() {
        ColdItems cold = cold(3, 10);
        cold.catalogue("tea", Map.of("category", "drinks"));
        cold.catalogue("coffee", Map.of("category", "drinks"));

        cold.visit("tea");
        cold.visit("tea");
        List<ScoredItem> like = cold.like(List.of("category=drinks"), 10, id -> false);
        assertEquals(List.of("tea", "coffee"), ids(like), "two visits, second newest: (1 + 2) / 2 against 1");
        assertEquals(1.5, like.get(0).score());

        cold.visit("tea");
        assertFalse(cold.isCold("tea"));
        assertEquals(List.of("coffee"), ids(cold.like(List.of("category=drinks"), 10, id -> false)));
        assertEquals(List.of("category=drinks"), cold.valuesOf("tea"), "a warm item keeps its attributes");

        cold.catalogue("tea", Map.of("category", "drinks"));
        assertEquals(List.of("coffee"), ids(cold.like(List.of("category=drinks"), 10, id -> false)),
                "catalogued again, a warm item stays warm");
    }

    @Test
    void excludesItemsAndKeepsTheLatestPerValueAndOnlyItsOwnItems() {
        ColdItems cold = cold(3, 2);
        cold.catalogue("a", Map.of("category", "x"));
        cold.catalogue("b", Map.of("category", "x"));
        cold.catalogue("c", Map.of("category", "x"));
        cold.catalogue("other-d", Map.of("category", "x"));

        assertEquals(List.of("c", "b"), ids(cold.like(List.of("category=x"), 10, id -> false)));
        assertEquals(List.of("b"), ids(cold.like(List.of("category=x"), 10, "c"::equals)));
        assertEquals(List.of("c"), ids(cold.like(List.of("category=x"), 1, id -> false)));
        assertTrue(cold.like(List.of("category=y"), 10, id -> false).isEmpty());
    }

    @Test
    void aNewCategoryMovesTheItem() {
        ColdItems cold = cold(3, 10);
        cold.catalogue("a", Map.of("category", "x"));
        cold.catalogue("a", Map.of("category", "y"));

        assertTrue(cold.like(List.of("category=x"), 10, id -> false).isEmpty());
        assertEquals(List.of("a"), ids(cold.like(List.of("category=y"), 10, id -> false)));
    }

    @Test
    void visitCountsSurviveACheckpointAndWarmItemsStayOutOfTheIndex() throws IOException {
        ColdItems before = cold(2, 10);
        before.visit("tea");
        before.visit("tea");
        before.visit("coffee");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        before.writeVisitsTo(new DataOutputStream(bytes));

        ColdItems after = cold(2, 10);
        after.catalogue("tea", Map.of("category", "drinks"));
        after.catalogue("coffee", Map.of("category", "drinks"));
        after.readVisitsFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        List<ScoredItem> like = after.like(List.of("category=drinks"), 10, id -> false);
        assertEquals(List.of("coffee"), ids(like));
        assertEquals(2.0, like.get(0).score());
        after.forgetVisits();
        assertEquals(2, after.like(List.of("category=drinks"), 10, id -> false).size());
    }
}
