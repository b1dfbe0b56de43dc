package io.murmuration.node.recommend;

import io.murmuration.node.interaction.EarlierItem;
import io.murmuration.node.item.ColdItems;
import io.murmuration.node.item.CoVisitations;
import io.murmuration.node.item.ItemActivity;
import io.murmuration.node.item.DecayedPopularity;
import io.murmuration.node.item.InteractionWeights;
import io.murmuration.node.item.ScoredItem;
import io.murmuration.node.model.algebra.DenseMatrix;
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
 * candidates; taste-half-life; factors, lambda, alpha, iterations and retrain-every (the trainer's, retraining after
 * that many positive events as its every-interactions does);
 * score=returning (only users with a history, every 5th) [every event]; every; limit (events) [all]. A user's first
 * event is served the popular list, as the node serves it (its {@code fallback}); {@code first-lists=learned} [popular]
 * ranks that list's candidates by the learned ranking instead, the event teaching it like any other list's (tried:
 * decision 032, a gain here that the node did not show).
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
 * <p>With {@code blend=learned} [the node's {@code blend.choice}] the node's {@link LearnedRanking} ranks every list
 * and learns from the event that follows it, with {@code learning-rate} and {@code learned-candidates} [the node's],
 * and a crossing layer of {@code crossing-units} learned with {@code crossing-rate} [the node's], drawn from
 * {@code crossing-seed} [1, the node's];
 * the run prints its weights per context at the end. Each candidate's activity ({@link ItemActivity}) and the user's
 * time away are read as of the latest positive event before this one, as the node reads them as of the latest its
 * item shards have seen (it cannot know the next event's time); {@code activity=off} ranks without either (what they
 * add).
 *
 * <p>With {@code blend=leader} the weights are not fixed: the node's
 * {@link BlendLeader} chooses them between the sets of {@code blend}'s grid, credited on one scored event in
 * {@code compare-every} [the node's {@code blend.compare-every}], with hits halved every {@code leader-half-life} [the
 * node's {@code blend.half-life}] credited events. The run also prints
 * each set's own hit rate on the same stream. {@code grid-personal} and {@code grid-pop} (comma-separated) replace the
 * grid's personal and popularity weights. {@code blend=fixed} serves the weights above alone.
 *
 * <p>The leader tells lists apart as the node does ({@link TrendContexts}, decision 026): by the share of the user's
 * positive events whose item was in the first {@code popular-head} items of the popular list before it counted, in
 * the ranges {@code context=B1,B2,…} (ascending) [the node's {@code blend.trend-contexts}], a context's own leader
 * serving its lists once it beats the whole stream's choice there by {@code context-guard} standard deviations [the
 * node's {@code blend.context-guard}]. {@code context=} (empty) has one context. {@code context-by=gap} tells them
 * apart by days since the user's latest event instead ({@code context} then in days, none by default): measured, not
 * built (docs/BENCHMARKS.md). The run prints each set's hit rate in each context, and how often the consumed item
 * was among some source's candidates at all (what no weights can exceed). {@code pop-by=context} serves each context's
 * users a popularity counted from the events of that context's users alone, halving every {@code
 * context-pop-half-life} [pop-half-life]: measured, not built (docs/BENCHMARKS.md). {@code fill=personal} gives every
 * candidate of the other sources its personal score as well (the embedding's product with its vector), not only the
 * search's best: measured, not built (docs/BENCHMARKS.md).
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
        if (!options.containsKey(key)) return fallback;
        return options.get(key).isBlank()
                ? List.of()
                : java.util.Arrays.stream(options.get(key).split(",")).map(Double::parseDouble).toList();
    }

    private Duration duration(String key, Duration fallback) {
        return options.containsKey(key) ? Duration.parse(options.get(key)) : fallback;
    }

    /** One user as the node keeps it: the retained history, every consumed item, the embedding. */
    private static final class User {
        final Deque<UserEmbedding.Observation> history = new ArrayDeque<>();
        final Set<String> seen = new HashSet<>();
        UserEmbedding embedding;
        /** Of the user's positive events, how many took an item then in the popular list's head, as the node counts. */
        long popularJudged;
        long popularTaken;
        /** Every interaction the user had, as the entity's event count. */
        long events;

        double popularShare() {
            return popularJudged == 0 ? 0 : (double) popularTaken / popularJudged;
        }
    }

    private void run(List<InteractionEvent> events) throws InterruptedException, IOException {
        int limit = (int) number("limit", events.size());
        // Defaults are the node's own (reference.conf), so a run without keys measures what the node does.
        com.typesafe.config.Config node = com.typesafe.config.ConfigFactory.load().getConfig("murmuration");
        com.typesafe.config.Config trainer = node.getConfig("trainer");
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
        Duration tasteHalfLife = duration("taste-half-life", node.getDuration("user.taste-half-life"));
        int retrainEvery = (int) number("retrain-every", trainer.getInt("every-interactions"));
        int recent = (int) number("recent", node.getInt("recommendations.recent-items"));
        int candidates = (int) number("candidates", node.getInt("recommendations.candidates-per-source"));
        AlsParameters als = new AlsParameters((int) number("factors", trainer.getInt("factors")),
                (int) number("iterations", trainer.getInt("iterations")), number("lambda", trainer.getDouble("lambda")),
                number("alpha", trainer.getDouble("alpha")), trainer.getLong("seed"), trainer.getInt("threads"));

        com.typesafe.config.Config coVisits = node.getConfig("items.co-visitation");
        CoVisitations coOccurrence = new CoVisitations((int) number("max-neighbours", coVisits.getInt("max-neighbours")),
                duration("co-half-life", coVisits.getDuration("half-life")),
                number("distance-exp", coVisits.getDouble("distance-exponent")),
                number("backward", coVisits.getDouble("backward-weight")), item -> true);
        int window = (int) number("window", coVisits.getInt("window"));
        ItemActivity activity = new ItemActivity(item -> true);
        boolean activityKnown = !"off".equals(options.get("activity"));
        userShares = !"off".equals(options.get("user-shares"));
        double discount = number("discount", node.getDouble("recommendations.popularity-discount"));
        double recencyExponent = number("recency-exp", node.getDouble("recommendations.recency-exponent"));
        boolean returningOnly = "returning".equals(options.get("score"));
        boolean learnedFirstLists = "learned".equals(options.get("first-lists"));
        boolean fillPersonal = "personal".equals(options.get("fill"));
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
        boolean byGap = "gap".equals(options.get("context-by"));
        List<Double> bounds = numbers("context", byGap ? List.of() : node.getDoubleList("recommendations.blend.trend-contexts"));
        double guard = number("context-guard", node.getDouble("recommendations.blend.context-guard"));
        // by gap the bounds are days, which TrendContexts (shares, within [0, 1]) does not take
        TrendContexts contexts = new TrendContexts(byGap ? List.of() : bounds, guard,
                (int) number("popular-head", node.getInt("recommendations.blend.popular-head")));
        LearnedRanking learned = "learned".equals(choice)
                ? new LearnedRanking(contexts.count(), number("learning-rate", node.getDouble("recommendations.blend.learning-rate")),
                        (int) number("learned-candidates", node.getInt("recommendations.blend.learned-candidates")), weights,
                        (int) number("crossing-units", node.getInt("recommendations.blend.crossing-units")),
                        number("crossing-rate", node.getDouble("recommendations.blend.crossing-learning-rate")),
                        (long) number("crossing-seed", 1))
                : null;
        LeaderOnStream leader = "leader".equals(choice)
                ? new LeaderOnStream(new BlendLeader(grid, leaderHalfLife, compareEvery, bounds.size() + 1, guard), bounds)
                : null;
        long trials = 0;
        long hits = 0;
        long baselineHits = 0;
        long firstEvents = 0;
        long firstEventHits = 0;
        long firstEventBaselineHits = 0;
        int popularityLag = (int) number("pop-lag", 0);
        Deque<Uncounted> notYetCounted = new ArrayDeque<>();
        // pop-by=context: each context's users are served the popularity counted from that context's users alone
        DecayedPopularity[] popularityByContext = null;
        if ("context".equals(options.get("pop-by"))) {
            popularityByContext = new DecayedPopularity[contexts.count()];
            for (int c = 0; c < popularityByContext.length; c++) {
                popularityByContext[c] = new DecayedPopularity(duration("context-pop-half-life",
                        duration("pop-half-life", node.getDuration("popularity.half-life"))));
            }
        }
        long personalLists = 0;
        long personalHits = 0;
        // lists whose taken item the search, the neighbours, the popular list, any source held
        long[] heldBy = new long[4];
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
                    int context = byGap
                            ? TrendContexts.rangeOf(bounds, Duration.between(user.history.getLast().at(), e.timestamp())
                                    .toSeconds() / 86_400.0)
                            : contexts.of(user.popularShare());
                    Sources sources = sources(user, model, modelItems, modelFactors, tasteHalfLife, coOccurrence,
                            popularityByContext == null ? popularity : popularityByContext[context],
                            cold, weights, recent, candidates, discount, fillPersonal);
                    List<String> mine = learned != null
                            ? rankAndLearn(learned, context, user, sources, recencyExponent, e, weight,
                                    activityKnown ? activity : null, recent)
                            : leader == null
                            ? sources.blend(weights, recencyExponent, user.seen)
                            : leader.serveAndLearn(context, sources, recencyExponent, user.seen, e.itemId());
                    personalLists++;
                    if (sources.personal().stream().anyMatch(c -> c.itemId().equals(e.itemId()))) heldBy[0]++;
                    if (sources.neighbourhoods().stream().anyMatch(h -> h.neighbours().stream()
                            .anyMatch(c -> c.itemId().equals(e.itemId())))) heldBy[1]++;
                    if (sources.popular().stream().anyMatch(c -> c.itemId().equals(e.itemId()))) heldBy[2]++;
                    if (CandidateBlend.candidates(sources.personal(), sources.neighbourhoods(), sources.popular(),
                            sources.alike(), recencyExponent).parts(user.seen::contains).stream()
                            .anyMatch(p -> p.itemId().equals(e.itemId()))) heldBy[3]++;
                    if (mine.contains(e.itemId())) {
                        personalHits++;
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
                    List<String> first = learned != null && learnedFirstLists
                            ? rankAndLearn(learned, contexts.of(user.popularShare()), user,
                                    new Sources(List.of(), List.of(), popularity.top(candidates), List.of()),
                                    recencyExponent, e, weight, activityKnown ? activity : null, recent)
                            : popularity.top(K).stream().map(ScoredItem::itemId).toList();
                    if (first.contains(e.itemId())) {
                        hits++;
                        firstEventHits++;
                        if (leader != null) leader.everySetHit();
                    }
                }
            }
            // learn from the event, as the node does
            int contextBefore = contexts.of(user.popularShare());
            if (weight > 0 && contexts.count() > 1) {
                // as the entity judges it: in the popular list's head before this interaction counts
                user.popularJudged++;
                if (popularity.top(contexts.head()).stream().anyMatch(c -> c.itemId().equals(e.itemId()))) user.popularTaken++;
            }
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
            activity.observe(e.itemId(), weight, e.timestamp());
            user.events++;
            user.history.addLast(o);
            if (user.history.size() > HISTORY) user.history.removeFirst();
            user.seen.add(e.itemId());
            if (user.embedding != null) user.embedding.add(o);
            notYetCounted.addLast(new Uncounted(e, contextBefore));
            while (notYetCounted.size() > popularityLag) {
                Uncounted next = notYetCounted.removeFirst();
                InteractionEvent counted = next.event();
                double countedWeight = InteractionWeights.of(counted.type().wireName(), counted.value());
                popularity.add(counted.itemId(), countedWeight, counted.timestamp());
                if (popularityByContext != null) {
                    popularityByContext[next.context()].add(counted.itemId(), countedWeight, counted.timestamp());
                }
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
        System.out.printf("  users with a history: %d scored, hr@10 %.4f; the taken item among the candidates of the"
                        + " search %.4f, the neighbours %.4f, the popular list %.4f, any source %.4f%n",
                personalLists, (double) personalHits / Math.max(1, personalLists), (double) heldBy[0] / Math.max(1, personalLists),
                (double) heldBy[1] / Math.max(1, personalLists), (double) heldBy[2] / Math.max(1, personalLists),
                (double) heldBy[3] / Math.max(1, personalLists));
        if (leader != null) {
            leader.report(trials);
        }
        if (learned != null) {
            System.out.printf("  learned ranking: %d steps (the taken item among a list's best %s candidates)%n",
                    learned.steps(), options.getOrDefault("learned-candidates", "50"));
            for (int c = 0; c < learned.contexts(); c++) {
                double[] w = learned.weightsIn(c);
                StringBuilder line = new StringBuilder("    context " + c + ":");
                for (int i = 0; i < w.length; i++) line.append(String.format(" %s %+.2f", LearnedRanking.FEATURES.get(i), w[i]));
                System.out.println(line);
            }
        }
        if (!catalog.isEmpty()) {
            System.out.printf("  events on items with < %d visits before: %d of %d scored, hr@10 %.4f (%d hits)%n",
                    warmAfter, newTrials, trials, newTrials == 0 ? 0.0 : (double) newHits / newTrials, newHits);
            System.out.printf("  of them on items released part-way (new in the catalog): %d, hr@10 %.4f (%d hits)%n",
                    releasedTrials, releasedTrials == 0 ? 0.0 : (double) releasedHits / releasedTrials, releasedHits);
        }
    }

    /**
     * The node's learned ranking on the stream: the list is ranked as the recommender ranks it, and the event, when
     * positive and among the list's kept candidates, is the step its user entity would make.
     */
    /** user-shares=off: the ranking without the user's popular and new shares (decision 030 measured them apart). */
    private static boolean userShares = true;

    private static List<String> rankAndLearn(LearnedRanking learned, int context, User user, Sources sources,
            double recencyExponent, InteractionEvent e, double weight, ItemActivity activity, int recent) {
        CandidateBlend.Candidates candidates = CandidateBlend.candidates(sources.personal(), sources.neighbourhoods(),
                sources.popular(), sources.alike(), recencyExponent);
        LearnedRanking.Ranking ranking = activity == null
                ? learned.rank(candidates, learned.userFeatures(context, user.events), user.seen::contains, K)
                : learned.rank(candidates, learned.userFeatures(context, user.events,
                                activity.latest() == null || user.history.isEmpty()
                                        ? null : Duration.between(user.history.getLast().at(), activity.latest()),
                                userShares ? user.popularShare() : 0, userShares ? newShare(user, recent, activity) : 0),
                        new LearnedRanking.Activity(activity::of, activity.latest()), user.seen::contains, K);
        if (ranking.rankedFrom() != null && weight > 0) {
            int taken = ranking.rankedFrom().itemIds().indexOf(e.itemId());
            if (taken >= 0) learned.learn(ranking.rankedFrom(), taken);
        }
        return ranking.items().stream().map(CandidateBlend.Blended::itemId).toList();
    }

    /** As the node reads it: of the user's latest distinct positive items, the share that were new when taken. */
    private static double newShare(User user, int recent, ItemActivity activity) {
        Set<String> distinct = new HashSet<>();
        List<String> items = new ArrayList<>(recent);
        List<Instant> takenAt = new ArrayList<>(recent);
        for (java.util.Iterator<UserEmbedding.Observation> it = user.history.descendingIterator();
                it.hasNext() && items.size() < recent; ) {
            UserEmbedding.Observation o = it.next();
            if (o.weight() > 0 && distinct.add(o.itemId())) {
                items.add(o.itemId());
                takenAt.add(o.at());
            }
        }
        return LearnedRanking.newShare(items, takenAt, activity::of);
    }

    /** An interaction the popular list has not counted yet ({@code pop-lag}), with its user's context then. */
    private record Uncounted(InteractionEvent event, int context) {}

    /** What each source brings for one user before blending: blended once, or once per weight set. */
    private record Sources(List<ScoredItem> personal, List<Neighbourhood> neighbourhoods, List<ScoredItem> popular,
            List<Neighbourhood> alike) {

        List<String> blend(CandidateBlend.Weights weights, double recencyExponent, Set<String> seen) {
            return CandidateBlend.blend(personal, neighbourhoods, popular, alike, weights, recencyExponent, seen::contains, K)
                    .stream()
                    .map(CandidateBlend.Blended::itemId).toList();
        }
    }

    /**
     * The node's {@link BlendLeader} on the stream: every scored list is ranked under each set (for each set's own hit
     * rate, per context), the leader's is served, and on the lists the leader compares the sets whose top 10 held the
     * consumed item are credited in the list's context, after the list for it was chosen.
     */
    private static final class LeaderOnStream {
        private final BlendLeader leader;
        private final List<Double> bounds;
        private final long[][] ownHits;
        private final long[] lists;
        private long firstEventHits;
        /** Per context, the lists whose consumed item was among the candidates of some source: what any weights could hit. */
        private final long[] held;

        LeaderOnStream(BlendLeader leader, List<Double> bounds) {
            this.leader = leader;
            this.bounds = bounds;
            this.ownHits = new long[leader.contexts()][leader.sets().size()];
            this.lists = new long[leader.contexts()];
            this.held = new long[leader.contexts()];
        }

        List<String> serveAndLearn(int context, Sources sources, double recencyExponent, Set<String> seen, String consumed) {
            BlendLeader.Turn turn = leader.serve(context);
            lists[turn.context()]++;
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
                    ownHits[turn.context()][i]++;
                }
                if (i == turn.set()) list = ranked;
            }
            if (turn.compared()) leader.credit(turn.context(), hits);
            if (!seen.contains(consumed) && candidates.contains(consumed)) held[turn.context()]++;
            return list;
        }

        /** A user's first event, served the popular list whatever the weights, was a hit. */
        void everySetHit() {
            firstEventHits++;
        }

        /** Each set's hit rate on its own, over every list and per context, and how many lists it served. */
        void report(long trials) {
            List<BlendLeader.Standing> standings = leader.standings();
            for (int i = 0; i < standings.size(); i++) {
                BlendLeader.Standing s = standings.get(i);
                CandidateBlend.Weights w = s.weights();
                long own = firstEventHits;
                for (long[] inContext : ownHits) own += inContext[i];
                System.out.printf("  weights %.2f / %.2f / %.2f: hr@10 %.4f on its own, served %d of the lists%n",
                        w.personal(), w.coOccurrence(), w.popularity(), (double) own / trials, s.served());
            }
            long allLists = java.util.Arrays.stream(lists).sum();
            long allHeld = java.util.Arrays.stream(held).sum();
            System.out.printf("  the consumed item among some source's candidates: %d of %d lists (%.4f)%n",
                    allHeld, allLists, allLists == 0 ? 0.0 : (double) allHeld / allLists);
            if (leader.contexts() == 1) return;
            for (int c = 0; c < leader.contexts(); c++) {
                System.out.printf("  context %s: %d lists, the item among the candidates in %.4f; each set's hr@10 on them:",
                        c == bounds.size() ? "> " + bounds.get(c - 1) : "<= " + bounds.get(c), lists[c],
                        lists[c] == 0 ? 0.0 : (double) held[c] / lists[c]);
                for (int i = 0; i < standings.size(); i++) {
                    System.out.printf(" %.4f", lists[c] == 0 ? 0.0 : (double) ownHits[c][i] / lists[c]);
                }
                System.out.println();
            }
        }
    }

    private static Sources sources(User user, ServingModel model, String[] modelItems, float[] modelFactors,
            Duration tasteHalfLife, CoVisitations coOccurrence, DecayedPopularity popularity, ColdItems cold,
            CandidateBlend.Weights weights, int recent, int candidates, double discount, boolean fillPersonal) {
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
        if (fillPersonal && !personal.isEmpty()) {
            // every other source's candidate gets its personal score too, not only the search's best
            Set<String> scored = new HashSet<>();
            personal.forEach(p -> scored.add(p.itemId()));
            List<ScoredItem> filled = new ArrayList<>(personal);
            float[] taste = user.embedding.vector();
            java.util.function.Consumer<String> fill = id -> {
                if (user.seen.contains(id) || !scored.add(id)) return;
                model.vectorOf(id).ifPresent(v -> filled.add(new ScoredItem(id, DenseMatrix.dot(taste, 0, v, 0, v.length))));
            };
            neighbourhoods.forEach(h -> h.neighbours().forEach(c -> fill.accept(c.itemId())));
            popular.forEach(c -> fill.accept(c.itemId()));
            personal = filled;
        }
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
            double s = DenseMatrix.dot(query, 0, factors, i * d, d);
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
