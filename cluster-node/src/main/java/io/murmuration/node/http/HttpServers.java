package io.murmuration.node.http;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import io.murmuration.node.Settings;
import io.murmuration.node.audit.ChangeRecorder;
import io.murmuration.node.audit.UserAudit;
import io.murmuration.node.drift.DriftAlarms;
import io.murmuration.node.ingest.EventPublisher;
import io.murmuration.node.item.PopularityBoard;
import io.murmuration.node.model.ModelControl;
import io.murmuration.node.recommend.Recommender;
import io.murmuration.protocol.InteractionEventCodec;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds the public and the admin API, each on its own port, and unbinds them gracefully on shutdown. */
public final class HttpServers {

    private static final Logger log = LoggerFactory.getLogger(HttpServers.class);

    /** Where the two servers listen; ports configured as 0 show here as the ones picked. */
    public record Bindings(ServerBinding publicApi, ServerBinding adminApi) {
        public int publicPort() {
            return publicApi.localAddress().getPort();
        }

        public int adminPort() {
            return adminApi.localAddress().getPort();
        }
    }

    private HttpServers() {}

    public static CompletionStage<Bindings> start(
            ActorSystem<?> system,
            Settings settings,
            InteractionEventCodec codec,
            EventPublisher publisher,
            ActorRef<PopularityBoard.Command> popularity,
            Recommender recommender,
            ModelControl models,
            ChangeRecorder changes,
            UserAudit userAudit,
            DriftAlarms drift) {
        Http http = Http.get(system);
        CompletionStage<ServerBinding> publicApi =
                http.newServerAt(settings.httpHost(), settings.httpPort())
                        .bind(new PublicRoutes(system, settings, codec, publisher, popularity, recommender).routes())
                        .thenApply(b -> b.addToCoordinatedShutdown(Duration.ofSeconds(10), system));
        // A training or an index build keeps an admin request open for minutes: its connection must outlive it.
        akka.http.javadsl.settings.ServerSettings defaults =
                akka.http.javadsl.settings.ServerSettings.create(system.classicSystem());
        akka.http.javadsl.settings.ServerSettings adminServer = defaults.withTimeouts(defaults.getTimeouts()
                .withIdleTimeout(scala.concurrent.duration.FiniteDuration.fromNanos(
                        settings.itemShards().prepareTimeout().plusMinutes(1).toNanos())));
        CompletionStage<ServerBinding> adminApi =
                http.newServerAt(settings.adminHost(), settings.adminPort())
                        .withSettings(adminServer)
                        .bind(new AdminRoutes(system, settings, models, changes, userAudit, drift).routes())
                        .thenApply(b -> b.addToCoordinatedShutdown(Duration.ofSeconds(10), system));
        return publicApi
                .thenCombine(adminApi, Bindings::new)
                .whenComplete(
                        (b, failure) -> {
                            if (failure != null) {
                                log.error("Could not bind the HTTP servers, stopping", failure);
                                system.terminate();
                            } else {
                                log.info("Public API on http://{}", b.publicApi().localAddress());
                                log.info("Admin API on http://{}, {} token(s): {}", b.adminApi().localAddress(),
                                        settings.adminTokens().size(), settings.adminTokens().describe());
                            }
                        });
    }
}
