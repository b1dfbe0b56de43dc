package io.murmuration.bench;

import akka.actor.AbstractActor;
import akka.actor.ActorRef;
import akka.actor.Props;
import akka.actor.ActorSystem;
import akka.japi.Util;
import akka.persistence.AtomicWrite;
import akka.persistence.JournalProtocol;
import akka.persistence.Persistence;
import akka.persistence.PersistentRepr;
import akka.pattern.Patterns;
import akka.persistence.cassandra.journal.TagWriters;
import akka.persistence.journal.Tagged;
import akka.util.Timeout;
import akka.persistence.typed.PersistenceId;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.murmuration.node.interaction.InteractionRecorded;
import io.murmuration.node.user.UserEntity;
import io.murmuration.protocol.InteractionEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes an interaction log into the node's journal as its user entities would have persisted it, through the
 * journal plugin's own write path (events, tag rows, tag progress), without Kafka and without the entities: a log of
 * millions of events in minutes instead of hours, for measuring what a node does with a long log. Every event is
 * checked by the node's own rules first. The node must not run meanwhile (it would not know of the writes' users),
 * and the journal must hold none of the log's users yet: sequence numbers start at 1.
 *
 * <p>The log is written in its time order, a window of {@code --window} events at a time: within a window each user's
 * events go as one atomic write (one single-partition batch in the journal, up to {@value #EVENTS_PER_WRITE} events),
 * many users at once but never two writes of one user at once. So each user's events land in order, and the
 * interaction tag reads the log back in its order up to the window (as a Kafka ingest reorders users across its
 * partitions). What the live entity adds to each record from its state (the surprise under a model, the earlier
 * visits) is left out, as in events written before the node recorded them; every reader of the log derives the
 * earlier visits again from the log's own order.
 *
 * <pre>bench/bin/bench-java io.murmuration.bench.JournalBulkLoad --log FILE.jsonl [--in-flight 256] [--window 10000]</pre>
 */
public final class JournalBulkLoad {

    private static final String JOURNAL = "akka.persistence.cassandra.journal";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);
    private static final int EVENTS_PER_WRITE = 16;
    private static final Duration TAG_FLUSH_TIMEOUT = Duration.ofMinutes(5);

    private JournalBulkLoad() {}

    public static void main(String[] args) throws Exception {
        Path log;
        int inFlight;
        int window;
        try {
            CommandLineFlags flags = CommandLineFlags.parse(args, Set.of("--log", "--in-flight", "--window"));
            CommandLineFlags.require(flags.has("--log"), "--log FILE.jsonl is required");
            log = Path.of(flags.text("--log"));
            inFlight = flags.whole("--in-flight", 256);
            window = flags.whole("--window", 10_000);
            CommandLineFlags.require(inFlight > 0, "--in-flight must be at least 1");
            CommandLineFlags.require(window > 0, "--window must be at least 1");
        } catch (IllegalArgumentException e) {
            System.err.println("bulk-load: " + e.getMessage());
            System.err.println("usage: JournalBulkLoad --log FILE.jsonl [--in-flight 256] [--window 10000]");
            System.exit(2);
            return;
        }
        if (!Files.isReadable(log)) {
            System.err.println("bulk-load: cannot read " + log);
            System.exit(2);
        }
        System.err.println("bulk-load: reading " + log + " ...");
        List<InteractionEvent> events = InteractionLog.read(log);
        System.err.println("bulk-load: " + events.size() + " events read; writing them into the journal ...");

        // The node's configuration (journal, keyspace, serializers, tag settings) without its cluster.
        Config config = ConfigFactory.parseString("""
                akka.actor.provider = local
                akka.log-dead-letters = off
                akka.loglevel = WARNING
                """).withFallback(ConfigFactory.load());
        ActorSystem system = ActorSystem.create("journal-bulk-load", config);
        int exit = 0;
        try {
            long written = write(system, events, inFlight, window);
            System.out.println("bulk-load: " + written + " events written");
        } catch (RuntimeException e) {
            System.err.println("bulk-load: stopped: " + e.getMessage());
            exit = 1;
        } finally {
            // The tag writers were flushed by write(); stopping the system does not flush them.
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(2, TimeUnit.MINUTES);
        }
        System.exit(exit);
    }

    private static long write(ActorSystem system, List<InteractionEvent> events, int inFlight, int window)
            throws InterruptedException {
        ActorRef journal = Persistence.get(system).journalFor(JOURNAL, ConfigFactory.empty());
        Map<Integer, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
        String tag = system.settings().config().getString("murmuration.journal.interaction-tag");
        String writerUuid = UUID.randomUUID().toString();

        Semaphore permits = new Semaphore(inFlight);
        AtomicInteger nextWriteId = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        // Per user: the next sequence number, and the write (or, first, the recovery) its next one must wait for.
        Map<String, Long> nextSequenceNr = new HashMap<>();
        Map<String, CompletableFuture<Void>> lastWriteOf = new HashMap<>();
        Map<String, ActorRef> standIns = new HashMap<>();

        long started = System.nanoTime();
        long nextProgress = started + PROGRESS_EVERY.toNanos();
        for (int from = 0; from < events.size() && firstFailure.get() == null; from += window) {
            for (List<InteractionEvent> batch : byUser(events.subList(from, Math.min(events.size(), from + window)))) {
                if (firstFailure.get() != null) {
                    break;
                }
                permits.acquire();
                String userId = batch.get(0).userId();
                String persistenceId = PersistenceId.of(UserEntity.TYPE_KEY.name(), userId).id();
                List<PersistentRepr> reprs = new ArrayList<>(batch.size());
                for (InteractionEvent e : batch) {
                    InteractionRecorded recorded = new InteractionRecorded(e.userId(), e.eventId(), e.itemId(),
                            e.type().wireName(), e.value(), e.timestamp(), e.context(), null, null, null,
                            null); // not judged popular or not: no popular list existed when these were loaded
                    reprs.add(PersistentRepr.apply(new Tagged(recorded, Set.of(tag)),
                            nextSequenceNr.merge(userId, 1L, Long::sum), persistenceId, "", false, ActorRef.noSender(),
                            writerUuid));
                }
                ActorRef standIn = standIns.get(userId);
                CompletableFuture<Void> before;
                if (standIn == null) {
                    // The journal's tag writers take a user's events only while an actor of that user has recovered and
                    // lives: a stand-in recovers (from nothing) before the user's first write, and answers for its writes.
                    CompletableFuture<Void> recovered = new CompletableFuture<>();
                    standIn = system.actorOf(Props.create(StandIn.class,
                            () -> new StandIn(journal, persistenceId, recovered, pending)));
                    standIns.put(userId, standIn);
                    before = recovered;
                } else {
                    before = lastWriteOf.getOrDefault(userId, CompletableFuture.completedFuture(null));
                }
                ActorRef writer = standIn;
                // One atomic write of the user's events: one single-partition batch in the journal.
                AtomicWrite atomic = AtomicWrite.apply(Util.immutableSeq(reprs));
                CompletableFuture<Void> written = before.thenCompose(ignored -> {
                    int writeId = nextWriteId.getAndIncrement();
                    CompletableFuture<Void> reply = new CompletableFuture<>();
                    pending.put(writeId, reply);
                    journal.tell(new JournalProtocol.WriteMessages(Util.immutableSeq(List.of(atomic)), writer, writeId), writer);
                    return reply;
                });
                lastWriteOf.put(userId, written);
                written.whenComplete((ok, failure) -> {
                    permits.release();
                    if (failure != null) {
                        firstFailure.compareAndSet(null, failure);
                    } else {
                        done.addAndGet(reprs.size());
                    }
                });
                if (lastWriteOf.size() > 4 * inFlight) {
                    lastWriteOf.values().removeIf(CompletableFuture::isDone);
                }
                long now = System.nanoTime();
                if (now >= nextProgress) {
                    nextProgress = now + PROGRESS_EVERY.toNanos();
                    report(done.get(), events.size(), started, now);
                }
            }
        }
        permits.acquire(inFlight); // every write answered
        if (firstFailure.get() != null) {
            throw new IllegalStateException("a write failed after " + done.get() + " events: " + firstFailure.get(), firstFailure.get());
        }
        report(done.get(), events.size(), started, System.nanoTime());
        // The tag writers hold the last events' tag rows in memory, and nothing flushes them when the system stops.
        System.err.println("bulk-load: flushing the tag writes ...");
        Patterns.ask(system.actorSelection(journal.path().child("tagWrites")),
                        new TagWriters.FlushAllTagWriters(Timeout.create(TAG_FLUSH_TIMEOUT)), TAG_FLUSH_TIMEOUT)
                .toCompletableFuture().join();
        report(done.get(), events.size(), started, System.nanoTime());
        return done.get();
    }

    /**
     * The window's events grouped by user, users in the order of their first event, each user's events in log order
     * and at most {@value #EVENTS_PER_WRITE} to a group (a journal batch far below Cassandra's batch size limits).
     */
    static List<List<InteractionEvent>> byUser(List<InteractionEvent> window) {
        Map<String, List<InteractionEvent>> open = new LinkedHashMap<>();
        List<List<InteractionEvent>> groups = new ArrayList<>();
        for (InteractionEvent e : window) {
            List<InteractionEvent> group = open.get(e.userId());
            if (group == null || group.size() == EVENTS_PER_WRITE) {
                group = new ArrayList<>();
                open.put(e.userId(), group);
                groups.add(group);
            }
            group.add(e);
        }
        return groups;
    }

    private static void report(long done, int total, long startedNanos, long nowNanos) {
        double seconds = (nowNanos - startedNanos) / 1e9;
        System.err.printf("bulk-load: %,d of %,d events in %.0f s (%,.0f events/s), load %.1f%n",
                done, total, seconds, done / Math.max(seconds, 1e-9), LoadAverage.oneMinute());
    }

    /**
     * Stands in for one user's entity for the journal: recovers it (a user the journal already holds fails the load,
     * since its sequence numbers would collide), then receives the answers to the user's writes and completes each
     * write's future. It lives until the load ends, so the journal's tag writers keep taking the user's events.
     */
    private static final class StandIn extends AbstractActor {

        private final CompletableFuture<Void> recovered;
        private final Map<Integer, CompletableFuture<Void>> pending;
        private final String persistenceId;

        StandIn(ActorRef journal, String persistenceId, CompletableFuture<Void> recovered,
                Map<Integer, CompletableFuture<Void>> pending) {
            this.recovered = recovered;
            this.pending = pending;
            this.persistenceId = persistenceId;
            // Sent by the stand-in itself: the journal registers the sender with its tag writers.
            journal.tell(new JournalProtocol.ReplayMessages(1L, Long.MAX_VALUE, Long.MAX_VALUE, persistenceId, getSelf()),
                    getSelf());
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder()
                    .match(JournalProtocol.RecoverySuccess.class, m -> {
                        if (m.highestSequenceNr() == 0) {
                            recovered.complete(null);
                        } else {
                            recovered.completeExceptionally(new IllegalStateException("the journal already holds "
                                    + m.highestSequenceNr() + " events of " + persistenceId + ": load into an empty journal"));
                        }
                    })
                    .match(JournalProtocol.ReplayMessagesFailure.class, m -> recovered.completeExceptionally(m.cause()))
                    .match(JournalProtocol.WriteMessageSuccess.class, m -> answer(m.actorInstanceId(), null))
                    .match(JournalProtocol.WriteMessageRejected.class, m -> answer(m.actorInstanceId(), m.cause()))
                    .match(JournalProtocol.WriteMessageFailure.class, m -> answer(m.actorInstanceId(), m.cause()))
                    .matchAny(other -> {}) // replayed events (then RecoverySuccess refuses) and the batch-level answers
                    .build();
        }

        private void answer(int writeId, Throwable failure) {
            CompletableFuture<Void> reply = pending.remove(writeId);
            if (reply == null) {
                return;
            }
            if (failure == null) {
                reply.complete(null);
            } else {
                reply.completeExceptionally(failure);
            }
        }
    }
}
