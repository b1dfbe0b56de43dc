package io.murmuration.console.cluster;

import atlantafx.base.theme.Styles;
import io.murmuration.console.api.NodeEvent;
import io.murmuration.console.shell.BackgroundWork;
import io.murmuration.console.shell.ConsoleView;
import io.murmuration.console.shell.EmptyState;
import io.murmuration.console.shell.LocalTimes;
import io.murmuration.console.shell.LiveChart;
import io.murmuration.console.shell.MessageBar;
import io.murmuration.console.shell.Session;
import io.murmuration.protocol.ClusterMember;
import io.murmuration.protocol.ClusterResponse;
import io.murmuration.protocol.EntityTypeShards;
import io.murmuration.protocol.NodeShards;
import io.murmuration.protocol.PartitionOwner;
import io.murmuration.protocol.StatsResponse;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The cluster: members with status, roles and app version; shards and entities of each entity type per node; and
 * the answering node's ingest rate, consumer lag and recommendation latency, charted live from the stream's
 * {@code stats} events, and which node consumes which Kafka partition (and so hosts the user shard of that number).
 */
public final class ClusterView implements ConsoleView {


    /** One row of the shards table: an entity type on one node. */
    public record ShardRow(String entityType, NodeShards node) {}

    private final ZoneId zone;
    private final VBox content = new VBox(14);
    private final ScrollPane root = new ScrollPane(content);
    private final MessageBar messages = new MessageBar();
    private final Label leader = new Label();
    private final Label partitions = new Label("Kafka partitions per node: not known yet.");
    private final HBox tiles = new HBox(12);
    private final ObservableList<ClusterMember> members = FXCollections.observableArrayList();
    private final TableView<ClusterMember> memberTable = new TableView<>(members);
    private final ObservableList<ShardRow> shardRows = FXCollections.observableArrayList();
    private final TableView<ShardRow> shardTable = new TableView<>(shardRows);
    private final LiveChart ingest;
    private final LiveChart lag;
    private final LiveChart latency;
    private ClusterResponse cluster;
    private Session session;

    public ClusterView(ZoneId zone) {
        this.zone = zone;
        this.ingest = new LiveChart("Ingest", "events / s", zone, LiveChart.LONGEST_SPAN);
        this.lag = new LiveChart("Consumer lag", "records", zone, LiveChart.LONGEST_SPAN);
        this.latency = new LiveChart("Recommendation latency", "ms", zone, LiveChart.LONGEST_SPAN);
        build();
    }

    private void build() {
        root.setFitToWidth(true);
        content.setPadding(new Insets(16));
        Label title = new Label("Cluster");
        title.getStyleClass().add(Styles.TITLE_3);
        leader.setId("cluster-leader");
        leader.getStyleClass().add(Styles.TEXT_MUTED);
        Button reload = new Button(null, new FontIcon(Feather.REFRESH_CW));
        reload.setId("reload-cluster");
        reload.setOnAction(e -> load());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(12, title, leader, spacer, reload);
        header.setAlignment(Pos.CENTER_LEFT);
        tiles.setId("stats-tiles");

        memberTable.setId("member-table");
        memberTable.setPrefHeight(150);
        memberTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        memberTable.setPlaceholder(new EmptyState(Feather.SERVER, "No members", "Connect to a node to see its cluster."));
        memberTable.getColumns().addAll(
                column("Address", 360, m -> m.address() + (cluster != null && m.address().equals(cluster.self()) ? "  (this node)" : "")),
                column("Status", 90, ClusterMember::status),
                column("Reachable", 90, m -> m.reachable() ? "yes" : "NO"),
                column("Roles", 140, m -> String.join(", ", m.roles())),
                column("App version", 140, ClusterMember::appVersion),
                column("Up since", 175, m -> LocalTimes.dateTime(m.upSince(), zone)));

        shardTable.setId("shard-distribution");
        shardTable.setPrefHeight(170);
        shardTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        shardTable.setPlaceholder(new EmptyState(Feather.GRID, "No sharded entities", "Shards appear once entities run."));
        shardTable.getColumns().addAll(
                column("Entity type", 120, ShardRow::entityType),
                column("Node", 260, r -> r.node().address()),
                column("Shards", 80, r -> r.node().shards() == null ? "—" : r.node().shards().toString()),
                column("Entities", 80, r -> r.node().entities() == null ? "—" : r.node().entities().toString()),
                column("Answered", 90, r -> r.node().answered() ? "yes" : "no: " + r.node().error()),
                column("Failed shards", 160, r -> String.join(", ", r.node().failedShards())));

        partitions.setId("partitions-per-node");
        partitions.getStyleClass().add(Styles.TEXT_MUTED);
        partitions.setWrapText(true);

        GridPane charts = new GridPane();
        charts.setHgap(12);
        charts.setVgap(12);
        charts.setPadding(new Insets(0, 28, 0, 0)); // room for the last time label, centred on the axis' end
        charts.add(ingest.node(), 0, 0);
        charts.add(lag.node(), 1, 0);
        charts.add(latency.node(), 0, 1, 2, 1);
        for (Node n : List.of(ingest.node(), lag.node(), latency.node())) GridPane.setHgrow(n, Priority.ALWAYS);

        content.getChildren().addAll(header, messages, tiles, section("Members", memberTable),
                section("Shards and entities per node", shardTable), partitions, charts);
    }

    private static Node section(String title, Node body) {
        Label heading = new Label(title);
        heading.getStyleClass().addAll(Styles.TEXT_BOLD, "section-title");
        return new VBox(6, heading, body);
    }

    private static <T> TableColumn<T, String> column(String name, double width, Function<T, String> value) {
        TableColumn<T, String> column = new TableColumn<>(name);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }

    // ---- loading and live updates ----

    private void load() {
        if (session == null) return;
        Session s = session;
        BackgroundWork.run(() -> new Loaded(s.client().cluster(), s.client().stats()), loaded -> {
            if (session != s) return;
            showCluster(loaded.cluster());
            showStats(loaded.stats());
        }, messages::problem);
    }

    private record Loaded(ClusterResponse cluster, StatsResponse stats) {}

    private void showCluster(ClusterResponse c) {
        cluster = c;
        members.setAll(c.members());
        List<ShardRow> rows = new ArrayList<>();
        for (EntityTypeShards type : c.entityTypes()) {
            for (NodeShards node : type.nodes()) rows.add(new ShardRow(type.entityType(), node));
        }
        shardRows.setAll(rows);
        partitions.setText(partitionsPerNode(c.partitions()));
        leader.setText("leader " + (c.leader() == null ? "none" : c.leader()) + " · answered by " + c.self());
        memberTable.refresh();
    }

    /** "Kafka partitions (and user shards) per node: node-a 0–5, …": which node consumes which partition. */
    static String partitionsPerNode(List<PartitionOwner> owners) {
        if (owners.isEmpty()) {
            return "Kafka partitions per node: no consumer has been assigned partitions yet.";
        }
        java.util.Map<String, List<String>> byNode = new java.util.TreeMap<>();
        owners.stream().sorted(java.util.Comparator.comparingInt(PartitionOwner::partition))
                .forEach(o -> byNode.computeIfAbsent(o.node() == null ? "no node" : o.node(), n -> new ArrayList<>())
                        .add(Integer.toString(o.partition())));
        List<String> parts = new ArrayList<>();
        byNode.forEach((node, ids) -> parts.add(node + ": " + String.join(", ", ids)));
        return "Kafka partitions (and the user shards placed with them) per node — " + String.join(" · ", parts);
    }

    private void showStats(StatsResponse s) {
        Instant at = s.at() == null ? Instant.now() : s.at();
        tiles.getChildren().setAll(
                tile("Ingest", String.format(Locale.ROOT, "%.1f /s", s.ingest().persistedPerSecond()), s.ingest().persisted() + " persisted"),
                tile("Consumer lag", s.kafkaLag() == null || s.kafkaLag().totalLag() == null ? "unknown" : s.kafkaLag().totalLag().toString(),
                        s.kafkaLag() == null ? "" : s.kafkaLag().error() != null ? s.kafkaLag().error() : s.kafkaLag().partitions().size() + " partitions"),
                tile("Recommendations", String.format(Locale.ROOT, "%.1f /s", s.recommendations().perSecond()),
                        s.recommendations().p99Millis() == null ? "no requests in the window"
                                : String.format(Locale.ROOT, "p50 %.1f ms · p99 %.1f ms", s.recommendations().p50Millis(), s.recommendations().p99Millis())),
                tile("Online hit rate", s.consumptions().hitRate() == null ? "—" : String.format(Locale.ROOT, "%.1f %%", 100 * s.consumptions().hitRate()),
                        s.consumptions().hits() + " of " + s.consumptions().consumptions()),
                tile("Mean surprise", s.surprise() == null || s.surprise().meanSurprise() == null ? "—"
                                : String.format(Locale.ROOT, "%.3f", s.surprise().meanSurprise()),
                        s.surprise() == null ? "" : "over " + s.surprise().surprises() + " consumptions"),
                tile("Window", String.format(Locale.ROOT, "%.0f s", s.windowSeconds()), LocalTimes.dateTime(at, zone)));
        ingest.add("persisted / s", at, s.ingest().persistedPerSecond());
        ingest.add("dead-lettered / s", at, s.ingest().deadLetteredPerSecond());
        lag.add("total lag", at, s.kafkaLag() == null || s.kafkaLag().totalLag() == null ? null : s.kafkaLag().totalLag().doubleValue());
        latency.add("p50", at, s.recommendations().p50Millis());
        latency.add("p99", at, s.recommendations().p99Millis());
    }

    private static Node tile(String title, String value, String detail) {
        Label heading = new Label(title);
        heading.getStyleClass().add(Styles.TEXT_MUTED);
        Label figure = new Label(value);
        figure.getStyleClass().add(Styles.TITLE_3);
        Label below = new Label(detail);
        below.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        VBox tile = new VBox(2, heading, figure, below);
        tile.getStyleClass().add("stat-tile");
        tile.setPadding(new Insets(10, 16, 10, 16));
        tile.setMinWidth(170);
        return tile;
    }

    private void onEvent(NodeEvent event) {
        if (event instanceof NodeEvent.Stats s) {
            showStats(s.stats());
        } else if (event instanceof NodeEvent.Member || event instanceof NodeEvent.Connection c && c.open()) {
            load();
        } else if (event instanceof NodeEvent.Connection c) {
            messages.info("Live updates paused", "The node's event stream was lost (" + c.reason() + "); reconnecting.");
        }
    }

    // ---- ConsoleView ----

    @Override
    public String title() {
        return "Cluster";
    }

    @Override
    public Feather icon() {
        return Feather.SERVER;
    }

    @Override
    public KeyCombination shortcut() {
        return new KeyCodeCombination(KeyCode.DIGIT5, KeyCombination.SHORTCUT_DOWN);
    }

    @Override
    public Parent root() {
        return root;
    }

    @Override
    public void connected(Session s) {
        session = s;
        ingest.clear();
        lag.clear();
        latency.clear();
        s.events().subscribe(event -> {
            if (session == s) onEvent(event);
        });
        load();
    }

    @Override
    public void disconnected() {
        session = null;
        cluster = null;
        members.clear();
        shardRows.clear();
        tiles.getChildren().clear();
        messages.clear();
    }

    @Override
    public void shown() {
        load();
    }
}
