package io.murmuration.bench.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CountsByItemTest {

    @Test
    void keepsEveryCountAsItGrows() {
        CountsByItem counts = new CountsByItem();
        for (int item = 0; item < 1000; item++) {
            counts.add(item * 7, item % 3 + 1);
        }
        counts.add(14, 10);

        assertEquals(1000, counts.size());
        assertEquals(13, counts.get(14)); // 2 % 3 + 1, then 10
        assertEquals(0, counts.get(15));
        Map<Integer, Integer> visited = new HashMap<>();
        counts.forEach(visited::put);
        assertEquals(1000, visited.size());
        assertEquals(3, visited.get(998 * 7)); // 998 % 3 + 1
    }
}
