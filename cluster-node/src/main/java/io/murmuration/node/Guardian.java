package io.murmuration.node;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.kafka.ProducerSettings;
import akka.kafka.javadsl.SendProducer;
import io.murmuration.node.http.HttpServers;
import io.murmuration.node.ingest.CatalogIngest;
import io.murmuration.node.ingest.DeadLetters;
import io.murmuration.node.ingest.EventPublisher;
import io.murmuration.node.ingest.InteractionIngest;
import io.murmuration.node.item.ItemCatalog;
import io.murmuration.node.item.PopularityBoard;
import io.murmuration.node.user.UserEntity;
import io.murmuration.protocol.InteractionEventCodec;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Wires one node: user sharding, the popularity board, the Kafka ingest streams and both HTTP servers. */
public final class Guardian {

    private Guardian() {}

    public static Behavior<Void> create(Settings settings, CompletableFuture<HttpServers.Bindings> bound) {
        return Behaviors.setup(
                ctx -> {
                    ActorSystem<Void> system = ctx.getSystem();
                    InteractionEventCodec codec = new InteractionEventCodec();

                    UserEntity.init(system, settings.userLimits(), settings.interactionTag());
                    ItemCatalog catalog = new ItemCatalog(system);
                    ActorRef<PopularityBoard.Command> popularity =
                            ctx.spawn(
                                    PopularityBoard.create(settings.interactionTag(), settings.popularityHalfLife(), catalog), "popularity");

                    SendProducer<String, byte[]> producer =
                            new SendProducer<>(
                                    ProducerSettings.create(
                                                    system.settings().config().getConfig("akka.kafka.producer"),
                                                    new StringSerializer(),
                                                    new ByteArraySerializer())
                                            .withBootstrapServers(settings.kafkaBootstrapServers()),
                                    system);
                    DeadLetters deadLetters = new DeadLetters(producer, settings.deadLetterTopic());
                    var ingest = new InteractionIngest(system, settings, codec, deadLetters).start();
                    var catalogIngest = new CatalogIngest(system, settings, catalog, deadLetters).start();

                    EventPublisher publisher = new EventPublisher(producer, settings.interactionsTopic(), codec);
                    HttpServers.start(system, settings, codec, publisher, popularity).whenComplete((b, e) -> {
                        if (e != null) bound.completeExceptionally(e);
                        else bound.complete(b);
                    });

                    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
                    shutdown.addTask(
                            CoordinatedShutdown.PhaseServiceRequestsDone(),
                            "stop-ingest",
                            () -> {
                                ingest.first().shutdown();
                                catalogIngest.first().shutdown();
                                return ingest.second().thenCombine(catalogIngest.second(), (a, b) -> Done.getInstance());
                            });
                    shutdown.addTask(CoordinatedShutdown.PhaseServiceStop(), "close-producer", producer::close);
                    return Behaviors.empty();
                });
    }
}
