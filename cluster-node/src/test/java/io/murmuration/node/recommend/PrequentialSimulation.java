package io.murmuration.node.recommend;

import io.murmuration.node.interaction.EarlierItem;
import io.murmuration.node.item.ColdItems;
import io.murmuration.node.item.CoVisitations;
import io.murmuration.node.item.DecayedPopularity;
import io.murmuration.node.item.InteractionWeights;
import io.murmuration.node.item.ScoredItem;
import io.murmuration.node.model.serving.ServingModel;
import io.murmuration.node.model.serving.UserEmbedding;
import io.murmuration.node.model.training.AlsParameters;
import io.murmuration.node.model.training.FactorModel;
import io.murmuration.node.model.training.ImplicitAls;
import io.murmuration.node.model.training.OfflineAccuracyMeasurement;
import io.murmuration.node.model.training.TrainingSet;
import io.murmuration.node.model.versions.ModelStore.StoredFactors;
import io.murmuration.node.recommend.CandidateBlend.Neighbourhood;
import io.murmuration.protocol.CatalogItem;
import io.murmuration.protocol.CatalogItemCodec;
import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The node's recommendation path replayed in one process, prequentially, to choose defaults quickly: for each
 * event in time order the user's top 10 is built exactly as the node builds it — fold-in embedding against the
 * latest trained version (exact scan instead of the item shards' graph), co-occurrence of the recent items,
 * decayed popularity, {@link CandidateBlend} — and scored against the event, next to the evaluator's popularity
 * baseline (all-time counts, consumed items left out); then the event is learned from, and the model is retrained
 * every {@code retrainEvery} positive events. Not a test: run it by hand (the figures are in docs/BENCHMARKS.md):
 *
 * <pre>
 * mvn -B -q -pl cluster-node test-compile
 * cd cluster-node &amp;&amp; java -cp target/test-classes:target/classes:$(cat target/runtime.classpath) \
 *     io.murmuration.node.recommend.PrequentialSimulation LOG.jsonl [key=value ...]
 * </pre>
 *
 * Keys (defaults in brackets; where none is given, the node's reference.conf): personal, co, pop blend weights;
 * pop-half-life; co-half-life; window; distance-exp; backward; max-neighbours; recent; recency-exp; discount;
 * candidates; taste-half-life [P1D]; factors [32]; lambda [1]; alpha [10]; iterations [10]; retrain-every [20000];
 * score=returning (only users with a history, every 5th) [every event]; every; limit (events) [all]. A user's first
 * event is served the popular list, as the node serves it (its {@code fallback}).
 *
 * <p>{@code pop-lag=N} [0] counts each interaction in the popularity ranking only N events later: what serving from a
 * ranking that lags the log costs. Through the node, before every board heard of each interaction as it was recorded,
 * the popular list lagged the cluster's counter by 1–3 s, a few hundred events of a replay (docs/BENCHMARKS.md).
 *
 * <p>With {@code catalog=FILE} (one {@code {"itemId":…,"attributes":{…}}} a line, as on the catalog topic; an item
 * whose attributes say {@code "released"} is catalogued at that instant, the others before the first event) the new
 * items ({@link ColdItems}) are a fourth source, weighted {@code new} [the node's {@code new-items}], and the run also
 * reports the hit rate on the events whose item had fewer than {@code warm-after} positive visits before: what the
 * source adds where co-visitation and the factors know nothing yet. Keys: warm-after, max-per-value [reference.conf].
 *
 * <p>With {@code blend=leader} [the node's {@code blend.choice}] the weights are not fixed: the node's
 * {@link BlendLeader} chooses them between the sets of {@code blend}'s grid, credited on one scored event in
 * {@code compare-every} [the node's {@code blend.compare-every}], with hits halved every {@code leader-half-life} [the
 * node's {@code blend.half-life}] credited events. The run also prints
 * each set's own hit rate on the same stream. {@code grid-personal} and {@code grid-pop} (comma-separated) replace the
 * grid's personal and popularity weights. {@code blend=fixed} serves the weights above alone.
 *
 * <p>{@code context=D1,D2,…} (days, ascending) keeps one leader per range of the event time between the user's latest
 * event and the scored one ({@code ≤ D1}, {@code ≤ D2}, …, longer), each credited only by its own lists: whether users
 * coming back the same day, within a week or after months are best served by different weights. The node has one
 * leader; this measures what a leader per context would give before one is built (docs/BENCHMARKS.md).
 */
public final class PrequentialSimulation {

    private static final int K = 10;
    private static final int HISTORY = 100;

    private final Map<String, String> options;

    private PrequentialSimulation(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            options.put(kv[0], kv[1]);
        }
        new PrequentialSimulation(options).run(OfflineAccuracyMeasurement.readLog(Path.of(args[0])));
    }

    /** An item of the catalog file and the instant it is catalogued (null: before the first event). */
    private record Catalogued(CatalogItem item, Instant at) {}

    private static List<Catalogued> readCatalog(Path file) throws IOException {
        CatalogItemCodec codec = new CatalogItemCodec();
        List<Catalogued> items = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            CatalogItemCodec.Result parsed = codec.parse(line.getBytes(StandardCharsets.UTF_8));
            if (!parsed.isValid()) throw new IllegalArgumentException(file + ": " + parsed.error() + " in " + line);
            String released = parsed.item().attributes().get("released");
            items.add(new Catalogued(parsed.item(), released == null ? null : Instant.parse(released)));
        }
        items.sort(Comparator.comparing(Catalogued::at, Comparator.nullsFirst(Comparator.naturalOrder())));
        return items;
    }

    private double number(String key, double fallback) {
        return options.containsKey(key) ? Double.parseDouble(options.get(key)) : fallback;
    }

    /** A comma-separated list of numbers. */
    private List<Double> numbers(String key, List<Double> fallback) {
        return options.containsKey(key)
                ? java.util.Arrays.stream(options.get(key).split(",")).map(Double::parseDouble).toList()
                : fallback;
    }

    private Duration duration(String key, Duration fallback) {
        return options.containsKey(key) ? Duration.parse(options.get(key)) : fallback;
    }

    /** One user as the node keeps it: the retained history, every consumed item, the embedding. */
    private static final class User {
        final Deque<UserEmbedding.Observation> history = new ArrayDeque<>();
        final Set<String> seen = new HashSet<>();
        UserEmbedding embedding;
    }

    private void run(List<InteractionEvent> events) throws InterruptedException, IOException {
        int limit = (int) number("limit", events.size());
        // Defaults are the node's own (reference.conf), so a run without keys measures what the node does.
        com.typesafe.config.Config node = com.typesafe.config.ConfigFactory.load().getConfig("murmuration");
        CandidateBlend.Weights weights = new CandidateBlend.Weights(
                number("personal", node.getDouble("recommendations.weights.personal")),
                number("co", node.getDouble("recommendations.weights.co-occurrence")),
                number("pop", node.getDouble("recommendations.weights.popularity")),
                number("new", node.getDouble("recommendations.weights.new-items")));
        com.typesafe.config.Config coldConfig = node.getConfig("items.cold");
        int warmAfter = (int) number("warm-after", coldConfig.getInt("warm-after"));
        ColdItems cold = new ColdItems(warmAfter, Set.copyOf(coldConfig.getStringList("attributes")),
                (int) number("max-per-value", coldConfig.getInt("max-per-value")), item -> true);
        List<Catalogued> catalog = options.containsKey("catalog") ? readCatalog(Path.of(options.get("catalog"))) : List.of();
        int catalogued = 0;
        Map<String, Integer> positiveVisits = new HashMap<>();
        long newTrials = 0;
        long newHits = 0;
        Set<String> released = new HashSet<>();
        catalog.forEach(c -> {
            if (c.at() != null) released.add(c.item().itemId());
        });
        long releasedTrials = 0;
        long releasedHits = 0;
        Duration tasteHalfLife = duration("taste-half-life", Duration.ofDays(1));
        int retrainEvery = (int) number("retrain-every", 20000);
        int recent = (int) number("recent", node.getInt("recommendations.recent-items"));
        int candidates = (int) number("candidates", node.getInt("recommendations.candidates-per-source"));
        AlsParameters als = new AlsParameters((int) number("factors", 32), (int) number("iterations", 10),
                number("lambda", 1), number("alpha", 10), 42, 2);

        com.typesafe.config.Config coVisits = node.getConfig("items.co-visitation");
        CoVisitations coOccurrence = new CoVisitations((int) number("max-neighbours", coVisits.getInt("max-neighbours")),
                duration("co-half-life", coVisits.getDuration("half-life")),
                number("distance-exp", coVisits.getDouble("distance-exponent")),
                number("backward", coVisits.getDouble("backward-weight")), item -> true);
        int window = (int) number("window", coVisits.getInt("window"));
        double discount = number("discount", node.getDouble("recommendations.popularity-discount"));
        double recencyExponent = number("recency-exp", node.getDouble("recommendations.recency-exponent"));
        boolean returningOnly = "returning".equals(options.get("score"));
        int every = (int) number("every", returningOnly ? 5 : 1);
        long eligible = 0;
        DecayedPopularity popularity = new DecayedPopularity(duration("pop-half-life", node.getDuration("popularity.half-life")));
        Map<String, User> users = new HashMap<>();
        Map<String, Long> counts = new HashMap<>();
        TreeSet<Map.Entry<String, Long>> baselineRanking = new TreeSet<>(
                Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed().thenComparing(Map.Entry::getKey));
        TrainingSet log = new TrainingSet();
        ServingModel model = null;
        String[] modelItems = new String[0];
        float[] modelFactors = new float[0];
        int positivesSinceTraining = 0;
        int trainings = 0;

        String choice = options.getOrDefault("blend", node.getString("recommendations.blend.choice"));
        List<CandidateBlend.Weights> grid = RecommendationSettings.blendGrid(weights,
                numbers("grid-personal", node.getDoubleList("recommendations.blend.personal")),
                numbers("grid-pop", node.getDoubleList("recommendations.blend.popularity")));
        double leaderHalfLife = number("leader-half-life", node.getInt("recommendations.blend.half-life"));
        int compareEvery = (int) number("compare-every", node.getInt("recommendations.blend.compare-every"));
        LeadersByContext leader = "leader".equals(choice)
                ? new LeadersByContext(numbers("context", List.of()),
                        () -> new LeaderOnStream(new BlendLeader(grid, leaderHalfLife, compareEvery)))
                : null;
        long trials = 0;
        long hits = 0;
        long baselineHits = 0;
        long firstEvents = 0;
        long firstEventHits = 0;
        long firstEventBaselineHits = 0;
        int popularityLag = (int) number("pop-lag", 0);
        Deque<InteractionEvent> notYetCounted = new ArrayDeque<>();
        long started = System.nanoTime();
        for (int n = 0; n < limit; n++) {
            InteractionEvent e = events.get(n);
            while (catalogued < catalog.size() && (catalog.get(catalogued).at() == null
                    || !catalog.get(catalogued).at().isAfter(e.timestamp()))) {
                CatalogItem item = catalog.get(catalogued++).item();
                cold.catalogue(item.itemId(), item.attributes());
            }
            String type = e.type().wireName();
            double weight = InteractionWeights.of(type, e.value());
            User user = users.computeIfAbsent(e.userId(), id -> new User());
            boolean scored = false;
            if (e.type() != InteractionType.SKIP && (!returningOnly || !user.history.isEmpty())) {
                scored = eligible++ % every == 0;
            }
            if (scored) {
                trials++;
                boolean newItem = !catalog.isEmpty() && positiveVisits.getOrDefault(e.itemId(), 0) < warmAfter;
                boolean releasedItem = newItem && released.contains(e.itemId());
                if (newItem) newTrials++;
                if (releasedItem) releasedTrials++;
                if (!user.history.isEmpty()) {
                    Sources sources = sources(user, model, modelItems, modelFactors, tasteHalfLife, coOccurrence,
                            popularity, cold, weights, recent, candidates, discount);
                    List<String> mine = leader == null
                            ? sources.blend(weights, recencyExponent, user.seen)
                            : leader.of(user.history.getLast().at(), e.timestamp())
                                    .serveAndLearn(sources, recencyExponent, user.seen, e.itemId());
                    if (mine.contains(e.itemId())) {
                        hits++;
                        if (newItem) newHits++;
                        if (releasedItem) releasedHits++;
                    }
                } // a user without history gets the popular list in the node; scored below like the baseline
                List<String> baseline = new ArrayList<>(K);
                for (Map.Entry<String, Long> c : baselineRanking) {
                    if (baseline.size() == K) break;
                    if (!user.seen.contains(c.getKey())) baseline.add(c.getKey());
                }
                if (baseline.contains(e.itemId())) {
                    baselineHits++;
                }
                if (user.history.isEmpty()) {
                    // the node's fallback: the popular list as its board has it, whatever the weights
                    firstEvents++;
                    if (baseline.contains(e.itemId())) firstEventBaselineHits++;
                    if (popularity.top(K).stream().anyMatch(c -> c.itemId().equals(e.itemId()))) {
                        hits++;
                        firstEventHits++;
                        if (leader != null) leader.everySetHit();
                    }
                }
            }
            // learn from the event, as the node does
            UserEmbedding.Observation o = new UserEmbedding.Observation(e.itemId(), weight, e.timestamp());
            List<EarlierItem> earlierItems = new ArrayList<>();
            Set<String> distinct = new HashSet<>();
            for (java.util.Iterator<UserEmbedding.Observation> it = user.history.descendingIterator();
                    it.hasNext() && earlierItems.size() < window; ) {
                UserEmbedding.Observation earlier = it.next();
                if (earlier.weight() > 0 && distinct.add(earlier.itemId())) {
                    earlierItems.add(new EarlierItem(earlier.itemId(), earlier.weight()));
                }
            }
            coOccurrence.observe(new CoVisitations.Visit(e.itemId(), weight, earlierItems, e.timestamp()));
            user.history.addLast(o);
            if (user.history.size() > HISTORY) user.history.removeFirst();
            user.seen.add(e.itemId());
            if (user.embedding != null) user.embedding.add(o);
            notYetCounted.addLast(e);
            while (notYetCounted.size() > popularityLag) {
                InteractionEvent counted = notYetCounted.removeFirst();
                popularity.add(counted.itemId(), InteractionWeights.of(counted.type().wireName(), counted.value()),
                        counted.timestamp());
            }
            if (weight > 0) {
                cold.visit(e.itemId());
                positiveVisits.merge(e.itemId(), 1, Integer::sum);
            }
            if (e.type() != InteractionType.SKIP) {
                long before = counts.getOrDefault(e.itemId(), 0L);
                baselineRanking.remove(Map.entry(e.itemId(), before));
                counts.put(e.itemId(), before + 1);
                baselineRanking.add(Map.entry(e.itemId(), before + 1));
            }
            log.add(e.userId(), e.itemId(), type, e.value(), e.timestamp());
            if (weights.personal() > 0 && weight > 0 && ++positivesSinceTraining >= retrainEvery) {
                positivesSinceTraining = 0;
                TrainingSet.Split all = log.split(0);
                FactorModel trained = new ImplicitAls(als).train(all.training()).model();
                modelItems = all.itemIds();
                modelFactors = trained.itemFactors();
                model = ServingModel.of(new StoredFactors("v" + ++trainings, modelItems, modelFactors, als.factors()),
                        als.lambda(), als.alpha());
                for (User u : users.values()) u.embedding = null; // refolded on next use, as after an activation
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%s events=%d trials=%d trainings=%d hr@10 %.4f popularity %.4f ratio %.2f (%.0f s)%n",
                options, limit, trials, trainings, (double) hits / trials, (double) baselineHits / trials,
                (double) hits / baselineHits, seconds);
        System.out.printf("  users' first events: %d scored, the popular list hr@10 %.4f (the all-time list %.4f)%n",
                firstEvents, firstEvents == 0 ? 0.0 : (double) firstEventHits / firstEvents,
                firstEvents == 0 ? 0.0 : (double) firstEventBaselineHits / firstEvents);
        if (leader != null) {
            leader.report(trials);
        }
        if (!catalog.isEmpty()) {
            System.out.printf("  events on items with < %d visits before: %d of %d scored, hr@10 %.4f (%d hits)%n",
                    warmAfter, newTrials, trials, newTrials == 0 ? 0.0 : (double) newHits / newTrials, newHits);
            System.out.printf("  of them on items released part-way (new in the catalog): %d, hr@10 %.4f (%d hits)%n",
                    releasedTrials, releasedTrials == 0 ? 0.0 : (double) releasedHits / releasedTrials, releasedHits);
        }
    }

    /** What each source brings for one user before blending: blended once, or once per weight set. */
    private record Sources(List<ScoredItem> personal, List<Neighbourhood> neighbourhoods, List<ScoredItem> popular,
            List<Neighbourhood> alike) {

        List<String> blend(CandidateBlend.Weights weights, double recencyExponent, Set<String> seen) {
            return CandidateBlend.blend(personal, neighbourhoods, popular, alike, weights, recencyExponent, seen::contains, K)
                    .stream()
                    .map(CandidateBlend.Blended::itemId).toList();
        }
    }

    /** One leader on the stream, or one per range of days since the user's latest event ({@code context}). */
    private static final class LeadersByContext {
        private final List<Double> boundsInDays;
        private final List<LeaderOnStream> leaders = new ArrayList<>();
        private long firstEventHits;

        LeadersByContext(List<Double> boundsInDays, Supplier<LeaderOnStream> newLeader) {
            for (int c = 1; c < boundsInDays.size(); c++) {
                if (!(boundsInDays.get(c) > boundsInDays.get(c - 1))) {
                    throw new IllegalArgumentException("context: the days must ascend, got " + boundsInDays);
                }
            }
            this.boundsInDays = List.copyOf(boundsInDays);
            for (int c = 0; c <= boundsInDays.size(); c++) leaders.add(newLeader.get());
        }

        /** The leader of a user whose latest event was at {@code latest}, scored at {@code now}. */
        LeaderOnStream of(Instant latest, Instant now) {
            double days = Duration.between(latest, now).toSeconds() / 86_400.0;
            int context = 0;
            while (context < boundsInDays.size() && days > boundsInDays.get(context)) context++;
            return leaders.get(context);
        }

        /** A user's first event, served the popular list whatever the weights, was a hit. */
        void everySetHit() {
            firstEventHits++;
        }

        void report(long trials) {
            if (leaders.size() == 1) {
                leaders.get(0).report(firstEventHits, trials);
                return;
            }
            for (int c = 0; c < leaders.size(); c++) {
                LeaderOnStream l = leaders.get(c);
                System.out.printf("  days since the user's latest event %s: %d lists%n", c == boundsInDays.size()
                        ? "> " + boundsInDays.get(c - 1) : "<= " + boundsInDays.get(c), l.lists());
                l.report(0, l.lists());
            }
        }
    }

    /**
     * The node's {@link BlendLeader} on the stream: every scored list is ranked under each set (for each set's own hit
     * rate), the leader's is served, and on the lists the leader compares the sets whose top 10 held the consumed item
     * are credited, after the list for it was chosen.
     */
    private static final class LeaderOnStream {
        private final BlendLeader leader;
        private final long[] ownHits;

        LeaderOnStream(BlendLeader leader) {
            this.leader = leader;
            this.ownHits = new long[leader.sets().size()];
        }

        List<String> serveAndLearn(Sources sources, double recencyExponent, Set<String> seen, String consumed) {
            BlendLeader.Turn turn = leader.serve();
            CandidateBlend.Candidates candidates = CandidateBlend.candidates(sources.personal(), sources.neighbourhoods(),
                    sources.popular(), sources.alike(), recencyExponent);
            List<CandidateBlend.Weights> sets = leader.sets();
            List<String> list = null;
            long hits = 0;
            for (int i = 0; i < sets.size(); i++) {
                List<String> ranked = candidates.rank(sets.get(i), seen::contains, K).stream()
                        .map(CandidateBlend.Blended::itemId).toList();
                if (ranked.contains(consumed)) {
                    hits |= 1L << i;
                    ownHits[i]++;
                }
                if (i == turn.set()) list = ranked;
            }
            if (turn.compared()) leader.credit(hits);
            return list;
        }

        /** The lists this leader served: each was served by one of its sets. */
        long lists() {
            return leader.standings().stream().mapToLong(BlendLeader.Standing::served).sum();
        }

        /** Each set's hit rate on its own: its hits on this leader's lists and {@code otherHits}, over {@code trials}. */
        void report(long otherHits, long trials) {
            List<BlendLeader.Standing> standings = leader.standings();
            for (int i = 0; i < standings.size(); i++) {
                BlendLeader.Standing s = standings.get(i);
                CandidateBlend.Weights w = s.weights();
                System.out.printf("  weights %.2f / %.2f / %.2f: hr@10 %.4f on its own, led for %d of the lists%n",
                        w.personal(), w.coOccurrence(), w.popularity(), (double) (ownHits[i] + otherHits) / trials, s.served());
            }
        }
    }

    private static Sources sources(User user, ServingModel model, String[] modelItems, float[] modelFactors,
            Duration tasteHalfLife, CoVisitations coOccurrence, DecayedPopularity popularity, ColdItems cold,
            CandidateBlend.Weights weights, int recent, int candidates, double discount) {
        List<ScoredItem> personal = List.of();
        if (model != null) {
            if (user.embedding == null) user.embedding = UserEmbedding.refold(model, tasteHalfLife, user.history);
            if (!user.embedding.isEmpty()) {
                personal = exactTop(user.embedding.vector(), modelItems, modelFactors, model.dimension(), user.seen, candidates);
            }
        }
        Set<String> recentItems = new LinkedHashSet<>();
        List<UserEmbedding.Observation> history = new ArrayList<>(user.history);
        for (int i = history.size() - 1; i >= 0 && recentItems.size() < recent; i--) {
            if (history.get(i).weight() > 0) recentItems.add(history.get(i).itemId());
        }
        List<Neighbourhood> neighbourhoods = new ArrayList<>();
        for (String item : recentItems) {
            neighbourhoods.add(new Neighbourhood(item, coOccurrence.neighbours(item, candidates)));
        }
        neighbourhoods = PopularityDiscount.apply(neighbourhoods, coOccurrence::popularity, discount);
        List<ScoredItem> popular = popularity.top(candidates + user.seen.size());
        List<Neighbourhood> alike = new ArrayList<>();
        if (weights.newItems() > 0) {
            for (String item : recentItems) {
                alike.add(new Neighbourhood(item, cold.like(cold.valuesOf(item), candidates, user.seen::contains)));
            }
        }
        return new Sources(personal, neighbourhoods, popular, alike);
    }

    private static List<ScoredItem> exactTop(float[] query, String[] items, float[] factors, int d, Set<String> exclude, int k) {
        PriorityQueue<ScoredItem> best = new PriorityQueue<>(Comparator.comparingDouble(ScoredItem::score));
        for (int i = 0; i < items.length; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) s += query[j] * factors[i * d + j];
            if (best.size() < k || s > best.peek().score()) {
                if (exclude.contains(items[i])) continue;
                best.add(new ScoredItem(items[i], s));
                if (best.size() > k) best.poll();
            }
        }
        List<ScoredItem> ranked = new ArrayList<>(best);
        ranked.sort(Comparator.comparingDouble(ScoredItem::score).reversed());
        return ranked;
    }
}
