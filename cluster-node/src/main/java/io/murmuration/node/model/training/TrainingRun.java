package io.murmuration.node.model.training;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Scheduler;
import akka.actor.typed.javadsl.AskPattern;
import io.murmuration.node.model.training.CandidateTraining.Candidate;
import io.murmuration.node.model.training.CandidateTraining.Incumbent;
import io.murmuration.node.model.training.Trainer.TrainingReport;
import io.murmuration.node.model.versions.ModelRegistry;
import io.murmuration.node.model.versions.ModelStorage;
import io.murmuration.node.model.versions.ModelVersion;
import io.murmuration.node.model.versions.VersionPreparation;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The steps of one training, in order, as one asynchronous result: read the whole log, refuse a log that is
 * too small, find the active version and its factors, train and score a candidate on the trainer's own
 * thread, store the candidate's item factors, have the item shards prepare it, and register it. A failed
 * preparation is carried into the report instead of stopping the registration. Used by {@link Trainer}.
 */
final class TrainingRun {

    private static final DateTimeFormatter COMPACT_UTC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final TrainerSettings settings;
    private final TrainingInput input;
    private final ModelStorage storage;
    private final ActorRef<ModelRegistry.Command> registry;
    private final VersionPreparation preparation;
    private final Scheduler scheduler;
    private final ExecutorService computation;

    /** What is known before training: the log, the registry's state, and the active version if it can be loaded. */
    private record Before(TrainingSet log, ModelRegistry.State registered, Optional<Incumbent> incumbent) {}

    /** A candidate after its factors were stored and its preparation was attempted. */
    private record Stored(String versionId, Candidate candidate, Optional<Incumbent> incumbent, String preparationError) {}

    TrainingRun(TrainerSettings settings, TrainingInput input, ModelStorage storage,
            ActorRef<ModelRegistry.Command> registry, VersionPreparation preparation, Scheduler scheduler,
            ExecutorService computation) {
        this.settings = settings;
        this.input = input;
        this.storage = storage;
        this.registry = registry;
        this.preparation = preparation;
        this.scheduler = scheduler;
        this.computation = computation;
    }

    /** Runs every step; fails with the first step that failed, except preparation. */
    CompletionStage<TrainingReport> start() {
        return CompletableFuture.supplyAsync(TrainingSet::new, computation)
                .thenCompose(this::readLog)
                .thenCompose(this::lookUpActiveVersion)
                .thenComposeAsync(this::trainCandidate, computation)
                .thenCompose(this::register);
    }

    private CompletionStage<TrainingSet> readLog(TrainingSet log) {
        return input.readAll(e -> log.add(e.userId(), e.itemId(), e.type(), e.value(), e.timestamp()))
                .thenApply(done -> {
                    if (log.size() < settings.minInteractions()) {
                        throw new IllegalStateException("the log holds " + log.size()
                                + " positive interactions, fewer than the minimum of " + settings.minInteractions()
                                + " (" + TrainerSettings.SECTION + ".min-interactions)");
                    }
                    return log;
                });
    }

    private CompletionStage<Before> lookUpActiveVersion(TrainingSet log) {
        return AskPattern.<ModelRegistry.Command, ModelRegistry.State>ask(
                        registry, ModelRegistry.GetState::new, settings.registryTimeout(), scheduler)
                .thenCompose(state -> {
                    Optional<ModelVersion> active = state.active().map(state.versions()::get);
                    if (active.isEmpty()) {
                        return CompletableFuture.completedFuture(new Before(log, state, Optional.empty()));
                    }
                    ModelVersion version = active.get();
                    return storage.load(version.id()).thenApply(factors -> new Before(log, state, factors.map(f ->
                            new Incumbent(version.id(), f,
                                    version.parameters().getOrDefault("lambda", settings.lambda()),
                                    version.parameters().getOrDefault("alpha", settings.alpha()), version.dataTo()))));
                });
    }

    /** The heavy part, on the computation thread; then storing and preparing the result. */
    private CompletionStage<Stored> trainCandidate(Before before) {
        Candidate candidate;
        try {
            candidate = CandidateTraining.train(before.log(), settings, before.incumbent());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the training was interrupted, the trainer is stopping", e);
        }
        String versionId = newVersionId(candidate.dataTo(), before.registered().versions().keySet());
        return attempt(() -> storage.save(versionId, candidate.itemIds(), candidate.itemFactors(), candidate.dimension(),
                        Instant.now()))
                .thenCompose(saved -> attempt(() -> preparation.prepare(versionId))
                        .handle((prepared, failure) -> new Stored(versionId, candidate, before.incumbent(),
                                failure == null ? null : Trainer.rootMessage(failure))));
    }

    private CompletionStage<TrainingReport> register(Stored stored) {
        Candidate c = stored.candidate();
        Map<String, Double> parameters = new LinkedHashMap<>();
        parameters.put("factors", (double) settings.factors());
        parameters.put("iterations", (double) settings.iterations());
        parameters.put("lambda", settings.lambda());
        parameters.put("alpha", settings.alpha());
        parameters.put("heldOutShare", settings.heldOutShare());
        ModelVersion version = new ModelVersion(stored.versionId(), parameters, c.dataFrom(), c.dataTo(),
                c.interactions(), c.metrics(), Instant.now());
        return AskPattern.<ModelRegistry.Command, ModelRegistry.State>askWithStatus(registry,
                        replyTo -> new ModelRegistry.Register(version, settings.autoPromote(), replyTo),
                        settings.registryTimeout(), scheduler)
                .thenApply(state -> new TrainingReport(stored.versionId(), c.interactions(), c.users(), c.items(),
                        c.dataFrom(), c.cutOff(), c.dataTo(), c.trainingSeconds(), c.metrics(),
                        stored.incumbent().map(Incumbent::versionId).orElse(null),
                        state.active().filter(stored.versionId()::equals).isPresent(),
                        state.active().orElse(null),
                        stored.preparationError()));
    }

    /**
     * "v", the data end in compact UTC, and four random hex digits not yet taken, e.g. "v20261122T153012Z-3f2a":
     * ids sort by the data they were trained on, and two trainings on the same data still differ.
     */
    static String newVersionId(Instant dataTo, Set<String> taken) {
        String prefix = "v" + COMPACT_UTC.format(dataTo) + "-";
        String id;
        do {
            id = prefix + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        } while (taken.contains(id));
        return id;
    }

    /** A stage that also fails, instead of throwing, when the call itself throws. */
    private static <T> CompletionStage<T> attempt(Supplier<CompletionStage<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
