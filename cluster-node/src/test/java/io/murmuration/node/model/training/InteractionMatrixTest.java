package io.murmuration.node.model.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InteractionMatrixTest {

    @Test
    void sumsDuplicateTriplesAndIndexesByUserAndByItem() {
        InteractionMatrix matrix = InteractionMatrix.builder(3, 4)
                .add(2, 1, 1.0)
                .add(0, 3, 2.0)
                .add(0, 1, 1.0)
                .add(2, 1, 4.0)
                .add(0, 3, 0.5)
                .build();

        assertEquals(3, matrix.nonZeros());
        assertEquals(2.5, matrix.weight(0, 3), 1e-6);
        assertEquals(5.0, matrix.weight(2, 1), 1e-6);
        assertEquals(0.0, matrix.weight(1, 1), 0.0);
        assertArrayEquals(new int[] {1, 3}, matrix.itemsOf(0));
        assertArrayEquals(new int[] {}, matrix.itemsOf(1));
        assertArrayEquals(new int[] {0, 2}, matrix.usersOf(1));
        assertArrayEquals(new int[] {0}, matrix.usersOf(3));
        assertEquals(0, matrix.userCount(0));
    }

    @Test
    void dropsPairsWhoseWeightsSumToZero() {
        InteractionMatrix matrix = InteractionMatrix.builder(2, 2)
                .add(0, 0, 0.0)
                .add(1, 1, 0.0)
                .add(1, 1, 3.0)
                .build();

        assertEquals(1, matrix.nonZeros());
        assertEquals(0, matrix.itemCount(0));
        assertEquals(3.0, matrix.weight(1, 1), 0.0);
    }

    @Test
    void refusesANegativeWeightAndOutOfRangeIndices() {
        InteractionMatrix.Builder builder = InteractionMatrix.builder(2, 2);

        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> builder.add(0, 0, -1.0));
        IllegalArgumentException item = assertThrows(IllegalArgumentException.class,
                () -> builder.add(0, 2, 1.0));

        assertTrue(negative.getMessage().contains("weight"), negative.getMessage());
        assertTrue(item.getMessage().contains("item 2"), item.getMessage());
    }
}
