package io.murmuration.node.model.training;

import io.murmuration.node.item.InteractionWeights;
import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionEventCodec;
import io.murmuration.protocol.ParseResult;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains implicit ALS on the first 90% (in time) of an interaction log and scores it, and popularity, on the
 * last 10%: a quick offline check of whether the model beats the baseline on a log, and of which
 * parameters to start from. Not a test: run it by hand.
 *
 * <p>Arguments: {@code LOG.jsonl [factors=32] [iterations=10] [lambda=0.1] [alpha=10] [threads=2]}
 */
public final class OfflineAccuracyMeasurement {

    public static void main(String[] args) throws Exception {
        Path log = Path.of(args[0]);
        int factors = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        double lambda = args.length > 3 ? Double.parseDouble(args[3]) : 0.1;
        double alpha = args.length > 4 ? Double.parseDouble(args[4]) : 10;
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : 2;

        List<InteractionEvent> events = readLog(log);
        int cut = (int) (events.size() * 0.9);

        Map<String, Integer> users = new HashMap<>();
        Map<String, Integer> items = new HashMap<>();
        for (InteractionEvent e : events) {
            users.computeIfAbsent(e.userId(), id -> users.size());
            items.computeIfAbsent(e.itemId(), id -> items.size());
        }
        InteractionMatrix.Builder builder = InteractionMatrix.builder(users.size(), items.size());
        for (InteractionEvent e : events.subList(0, cut)) {
            builder.add(users.get(e.userId()), items.get(e.itemId()), InteractionWeights.of(e.type().wireName(), e.value()));
        }
        InteractionMatrix training = builder.build();
        List<HoldoutEvaluation.Pair> heldOut = new ArrayList<>();
        for (InteractionEvent e : events.subList(cut, events.size())) {
            if (InteractionWeights.of(e.type().wireName(), e.value()) > 0) {
                heldOut.add(new HoldoutEvaluation.Pair(users.get(e.userId()), items.get(e.itemId())));
            }
        }

        long started = System.nanoTime();
        ImplicitAls.Training trained =
                new ImplicitAls(new AlsParameters(factors, iterations, lambda, alpha, 7, threads)).train(training);
        double seconds = (System.nanoTime() - started) / 1e9;
        HoldoutEvaluation.Metrics model = HoldoutEvaluation.ofModel(trained.model(), training, heldOut, 10);
        HoldoutEvaluation.Metrics popularity = HoldoutEvaluation.ofPopularity(training, heldOut, 10);
        System.out.printf("%,d events (%,d users, %,d items); trained on %,d, held out %,d positive%n",
                events.size(), users.size(), items.size(), cut, heldOut.size());
        System.out.printf("iALS d=%d it=%d lambda=%.3f alpha=%.1f: trained in %.1f s%n", factors, iterations, lambda, alpha, seconds);
        System.out.printf("hr@10    model %.4f   popularity %.4f   ratio %.2f%n",
                model.hitRate(), popularity.hitRate(), model.hitRate() / popularity.hitRate());
        System.out.printf("ndcg@10  model %.4f   popularity %.4f   ratio %.2f%n",
                model.ndcg(), popularity.ndcg(), model.ndcg() / popularity.ndcg());
    }

    /** The valid events of a JSONL interaction log (as bench/bin/generate writes it), in time order. */
    public static List<InteractionEvent> readLog(Path path) throws java.io.IOException {
        List<InteractionEvent> events = new ArrayList<>();
        InteractionEventCodec codec = new InteractionEventCodec();
        java.io.InputStream raw = Files.newInputStream(path);
        if (path.toString().endsWith(".gz")) {
            raw = new java.util.zip.GZIPInputStream(raw);
        }
        try (BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(raw, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (codec.parse(line.getBytes(StandardCharsets.UTF_8)) instanceof ParseResult.Valid valid) {
                    events.add(valid.event());
                }
            }
        }
        events.sort(java.util.Comparator.comparing(InteractionEvent::timestamp));
        return events;
    }
}
