package io.murmuration.node.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.NodesIterator;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FrozenGraphTest {

    private static final int ITEMS = 1_500;
    private static final int DIMENSION = 8;

    private static ForkJoinPool buildPool;
    private static float[][] rows;
    private static ImmutableGraphIndex jvectorGraph;
    private static FrozenGraph frozen;

    @BeforeAll
    static void build() {
        buildPool = new ForkJoinPool(2);
        FactorLikeVectors generator = new FactorLikeVectors(DIMENSION, 4, 0.5f, 7L);
        float[] factors = generator.items(ITEMS, 0.5);
        rows = new float[ITEMS][];
        for (int i = 0; i < ITEMS; i++) rows[i] = FactorLikeVectors.row(factors, DIMENSION, i);
        jvectorGraph = AnnIndex.buildGraph(rows, DIMENSION, AnnParameters.defaults(), buildPool);
        frozen = FrozenGraph.of(jvectorGraph);
    }

    @AfterAll
    static void stopPool() {
        buildPool.shutdown();
    }

    @Test
    void holdsExactlyTheEdgesJvectorBuiltOnEveryLevel() throws Exception {
        assertTrue(jvectorGraph.getMaxLevel() >= 1, "the graph is layered, so the upper levels are copied too");
        try (ImmutableGraphIndex.View view = jvectorGraph.getView()) {
            for (int level = 0; level <= jvectorGraph.getMaxLevel(); level++) {
                for (NodesIterator nodes = jvectorGraph.getNodes(level); nodes.hasNext(); ) {
                    int node = nodes.nextInt();
                    Set<Integer> built = new HashSet<>();
                    for (NodesIterator edges = view.getNeighborsIterator(level, node); edges.hasNext(); ) built.add(edges.nextInt());
                    Set<Integer> copied = new HashSet<>();
                    frozen.forEachNeighbour(level, node, copied::add);
                    assertEquals(built, copied, "neighbours of node " + node + " on level " + level);
                }
            }
        }
        assertEquals(ITEMS, frozen.size());
    }

    @Test
    void answersOnlyAdmissibleNodesBestFirst() {
        float[] query = rows[17];
        FrozenGraph.Scratch scratch = new FrozenGraph.Scratch();
        int[] found = new int[10];
        for (int round = 0; round < 3; round++) { // the scratch is reused, as it is in a shard
            int count = frozen.search(node -> AnnIndex.walkScore(query, rows[node]), node -> node % 2 == 0, 10, 30,
                    scratch, found);

            assertEquals(10, count);
            for (int i = 0; i < count; i++) {
                assertEquals(0, found[i] % 2, "only admissible (even) nodes");
                if (i > 0) {
                    assertTrue(AnnIndex.walkScore(query, rows[found[i - 1]]) >= AnnIndex.walkScore(query, rows[found[i]]),
                            "best first");
                }
            }
        }
    }

    @Test
    void answersNothingWhenNoNodeIsAdmissible() {
        int count = frozen.search(node -> AnnIndex.walkScore(rows[3], rows[node]), node -> false, 10, 30,
                new FrozenGraph.Scratch(), new int[10]);

        assertEquals(0, count);
    }
}
