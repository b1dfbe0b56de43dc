package io.murmuration.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdCheckTest {

    @Test
    void acceptsAnIdMadeOfTheAllowedCharacters() {
        assertTrue(InteractionEventCodec.checkId("userId", "user-1.a_b:c@d").isEmpty());
    }

    @Test
    void refusesAnIdWithOtherCharactersNamingTheField() {
        Optional<FieldError> error = InteractionEventCodec.checkId("userId", "bob smith");

        assertEquals("userId", error.orElseThrow().field());
        assertTrue(error.get().reason().contains(". _ : @ -"), error.get().reason());
    }

    @Test
    void refusesAnEmptyOrTooLongId() {
        assertEquals("is required", InteractionEventCodec.checkId("itemId", "").orElseThrow().reason());
        assertTrue(InteractionEventCodec.checkId("itemId", "x".repeat(129)).isPresent());
        assertTrue(InteractionEventCodec.checkId("itemId", "x".repeat(128)).isEmpty());
    }
}
