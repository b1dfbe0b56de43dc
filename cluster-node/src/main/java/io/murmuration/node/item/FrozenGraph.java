package io.murmuration.node.item;

import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.NodesIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

/**
 * A layered proximity graph that jvector built, copied into flat arrays of neighbour ids, with the beam search
 * (HNSW's) that walks it. jvector 4.0.2's in-memory graph looks each visited node's neighbours up in a hash map of
 * boxed ids and allocates an iterator per visit; on JDK 17 that bookkeeping cost more than the scoring itself
 * (docs/BENCHMARKS.md). The copy holds exactly the edges jvector chose, so it is the same graph, walked with plain
 * array reads. Immutable; searches from many threads at once each bring their own {@link Scratch}.
 */
final class FrozenGraph {

    /** How good a node is for the current query; larger is better. */
    @FunctionalInterface
    interface Scorer {
        float score(int node);
    }

    private final int size;
    private final int entryNode;
    /** neighbours[level]: for each node, its count followed by its ids, in a row of strides[level] ints. */
    private final int[][] neighbours;
    private final int[] strides;

    private FrozenGraph(int size, int entryNode, int[][] neighbours, int[] strides) {
        this.size = size;
        this.entryNode = entryNode;
        this.neighbours = neighbours;
        this.strides = strides;
    }

    /** Copies every level's edges out of {@code graph}, whose node ids must be 0 .. size-1. */
    static FrozenGraph of(ImmutableGraphIndex graph) {
        int size = graph.getIdUpperBound();
        int levels = graph.getMaxLevel() + 1;
        int[][] neighbours = new int[levels][];
        int[] strides = new int[levels];
        try (ImmutableGraphIndex.View view = graph.getView()) {
            ImmutableGraphIndex.NodeAtLevel entry = view.entryNode();
            for (int level = 0; level < levels; level++) {
                int maxDegree = 0;
                for (NodesIterator nodes = graph.getNodes(level); nodes.hasNext(); ) {
                    maxDegree = Math.max(maxDegree, view.getNeighborsIterator(level, nodes.nextInt()).size());
                }
                int stride = maxDegree + 1;
                int[] rows = new int[size * stride];
                for (NodesIterator nodes = graph.getNodes(level); nodes.hasNext(); ) {
                    int node = nodes.nextInt();
                    NodesIterator edges = view.getNeighborsIterator(level, node);
                    int at = node * stride;
                    int count = 0;
                    while (edges.hasNext()) rows[at + 1 + count++] = edges.nextInt();
                    rows[at] = count;
                }
                neighbours[level] = rows;
                strides[level] = stride;
            }
            return new FrozenGraph(size, entry.node, neighbours, strides);
        } catch (IOException e) {
            throw new UncheckedIOException("closing a view of the graph", e);
        }
    }

    int size() {
        return size;
    }

    /** Hands each neighbour of {@code node} on {@code level} to {@code action}. */
    void forEachNeighbour(int level, int node, IntConsumer action) {
        int at = node * strides[level];
        for (int i = 1; i <= neighbours[level][at]; i++) action.accept(neighbours[level][at + i]);
    }

    /**
     * Up to {@code wanted} nodes that {@code admissible} accepts, best first by {@code scorer}, written to
     * {@code found}; returns how many. Descends the upper levels greedily, then keeps the {@code beam} best
     * admissible nodes seen on level 0 while expanding the most promising unexpanded node, until none left can
     * improve on them. Nodes that are not admissible are still walked through, so exclusions never cut the graph.
     */
    int search(Scorer scorer, IntPredicate admissible, int wanted, int beam, Scratch scratch, int[] found) {
        if (beam < wanted) throw new IllegalArgumentException("beam " + beam + " is narrower than the " + wanted + " wanted");
        scratch.start(size);
        int current = entryNode;
        float currentScore = scorer.score(current);
        for (int level = neighbours.length - 1; level > 0; level--) {
            int[] rows = neighbours[level];
            int stride = strides[level];
            boolean moved = true;
            while (moved) {
                moved = false;
                int at = current * stride;
                for (int i = 1, end = at + 1 + rows[at]; at + i < end; i++) {
                    int next = rows[at + i];
                    float score = scorer.score(next);
                    if (score > currentScore) {
                        currentScore = score;
                        current = next;
                        moved = true;
                    }
                }
            }
        }

        int[] rows = neighbours[0];
        int stride = strides[0];
        Heap candidates = scratch.candidates;
        Heap best = scratch.best;
        scratch.visit(current);
        candidates.push(current, currentScore);
        if (admissible.test(current)) best.push(current, -currentScore);
        while (candidates.size() > 0) {
            float candidateScore = candidates.topScore();
            // best holds negated scores, so its top is the worst of the best.
            if (best.size() >= beam && candidateScore < -best.topScore()) break;
            int node = candidates.pop();
            int at = node * stride;
            for (int i = 1, end = at + 1 + rows[at]; at + i < end; i++) {
                int next = rows[at + i];
                if (!scratch.visit(next)) continue;
                float score = scorer.score(next);
                if (best.size() < beam || score > -best.topScore()) {
                    candidates.push(next, score);
                    if (admissible.test(next)) {
                        best.push(next, -score);
                        if (best.size() > beam) best.pop();
                    }
                }
            }
        }
        // Pop worst first, so the answer fills from the back.
        while (best.size() > wanted) best.pop();
        int count = best.size();
        for (int i = count - 1; i >= 0; i--) found[i] = best.pop();
        return count;
    }

    /** One search's working memory: reused from search to search, never shared by two at once. */
    static final class Scratch {
        private int[] visitedAt = new int[0];
        private int generation;
        private final Heap candidates = new Heap();
        private final Heap best = new Heap();

        private void start(int nodes) {
            if (visitedAt.length < nodes) visitedAt = new int[nodes];
            if (++generation == 0) {
                // After 2³² searches the marks wrap: clear them once rather than mistake old marks for new.
                Arrays.fill(visitedAt, 0);
                generation = 1;
            }
            candidates.clear();
            best.clear();
        }

        /** Marks {@code node} visited by this search; false if it already was. */
        private boolean visit(int node) {
            if (visitedAt[node] == generation) return false;
            visitedAt[node] = generation;
            return true;
        }
    }

    /** A binary max-heap of nodes by score, in two growing primitive arrays. */
    private static final class Heap {
        private int[] nodes = new int[64];
        private float[] scores = new float[64];
        private int size;

        int size() {
            return size;
        }

        void clear() {
            size = 0;
        }

        float topScore() {
            return scores[0];
        }

        void push(int node, float score) {
            if (size == nodes.length) {
                nodes = Arrays.copyOf(nodes, size * 2);
                scores = Arrays.copyOf(scores, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (scores[parent] >= score) break;
                nodes[i] = nodes[parent];
                scores[i] = scores[parent];
                i = parent;
            }
            nodes[i] = node;
            scores[i] = score;
        }

        /** Removes the top node and returns it. */
        int pop() {
            int top = nodes[0];
            int lastNode = nodes[--size];
            float lastScore = scores[size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) break;
                if (child + 1 < size && scores[child + 1] > scores[child]) child++;
                if (scores[child] <= lastScore) break;
                nodes[i] = nodes[child];
                scores[i] = scores[child];
                i = child;
            }
            nodes[i] = lastNode;
            scores[i] = lastScore;
            return top;
        }
    }
}
