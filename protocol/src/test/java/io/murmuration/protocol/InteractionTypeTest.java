package io.murmuration.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InteractionTypeTest {

    @Test
    void eachTypeHasItsLowerCaseWireName() {
        List<String> names = Arrays.stream(InteractionType.values()).map(InteractionType::wireName).toList();

        assertEquals(List.of("view", "click", "add_to_cart", "purchase", "rating", "skip"), names);
    }

    @Test
    void everyWireNameReadsBackAsItsType() {
        for (InteractionType type : InteractionType.values()) {
            assertEquals(Optional.of(type), InteractionType.fromWire(type.wireName()));
        }
    }

    @Test
    void anythingElseIsNoType() {
        assertEquals(Optional.empty(), InteractionType.fromWire("VIEW"));
        assertEquals(Optional.empty(), InteractionType.fromWire("ADD_TO_CART"));
        assertEquals(Optional.empty(), InteractionType.fromWire("add-to-cart"));
        assertEquals(Optional.empty(), InteractionType.fromWire(" view"));
        assertEquals(Optional.empty(), InteractionType.fromWire(""));
        assertEquals(Optional.empty(), InteractionType.fromWire(null));
    }

    @Test
    void jacksonWritesAndReadsTheWireName() {
        byte[] json = ProtocolJson.write(InteractionType.ADD_TO_CART);

        assertEquals("\"add_to_cart\"", new String(json, StandardCharsets.UTF_8));
        assertEquals(InteractionType.ADD_TO_CART, ProtocolJson.read(json, InteractionType.class));
    }
}
