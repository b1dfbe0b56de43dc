package io.murmuration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading jcmd's class histogram, and which classes grew between two of them. */
class HeapHistogramTest {

    private static final String BEFORE = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          1000         160000  [B (java.base@17.0.12)
               2:           500          12000  java.lang.String (java.base@17.0.12)
               3:            10            480  io.murmuration.node.user.UserProfile
            Total          1510         172480
            """;

    private static final String AFTER = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          3000         480000  [B (java.base@17.0.12)
               2:          1500          36000  java.lang.String (java.base@17.0.12)
               3:           110           5280  io.murmuration.node.user.UserProfile
               4:             5             80  java.lang.Object (java.base@17.0.12)
            Total          4615         521360
            """;

    @Test
    void readsTheTotalAndEachClassWithoutItsModule() {
        HeapHistogram h = HeapHistogram.parse(BEFORE);

        assertEquals(172_480, h.totalBytes());
        assertEquals(Map.of("[B", 160_000L, "java.lang.String", 12_000L, "io.murmuration.node.user.UserProfile", 480L),
                h.bytesByClass());
    }

    @Test
    void theClassesThatGrewMostComeFirst() {
        List<Map.Entry<String, Long>> growth = HeapHistogram.parse(AFTER).largestGrowth(HeapHistogram.parse(BEFORE), 3);

        assertEquals(List.of(Map.entry("[B", 320_000L), Map.entry("java.lang.String", 24_000L),
                Map.entry("io.murmuration.node.user.UserProfile", 4_800L)), growth);
    }

    @Test
    void refusesTextThatIsNotAWholeHistogram() {
        String cut = BEFORE.substring(0, BEFORE.indexOf("Total"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeapHistogram.parse(cut));
        assertTrue(e.getMessage().contains("no Total line"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HeapHistogram.parse("12345:\nCommand not found\n"));
    }

    @Test
    void measuresALiveJvm() throws Exception {
        HeapHistogram self = HeapHistogram.of(ProcessHandle.current().pid());

        assertTrue(self.totalBytes() > 0);
        assertTrue(self.bytesByClass().getOrDefault("java.lang.String", 0L) > 0, "strings are live in any JVM");
    }
}
