package io.murmuration.console.models;

import atlantafx.base.theme.Styles;
import io.murmuration.console.api.NodeEvent;
import io.murmuration.console.shell.BackgroundWork;
import io.murmuration.console.shell.ConsoleView;
import io.murmuration.console.shell.EmptyState;
import io.murmuration.console.shell.LocalTimes;
import io.murmuration.console.shell.MessageBar;
import io.murmuration.console.shell.ReasonDialog;
import io.murmuration.console.shell.Session;
import io.murmuration.protocol.AuditEntry;
import io.murmuration.protocol.AuditResponse;
import io.murmuration.protocol.ModelVersionInfo;
import io.murmuration.protocol.ModelsResponse;
import io.murmuration.protocol.ShardServing;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Model versions with their held-out metrics side by side, which one is active and which version each item shard
 * serves; operators train, activate and roll back through a confirmation that asks for the reason and says what
 * will change. The node's {@code model} events and the end of each change reload the view, and the audit trail
 * below shows who did what.
 */
public final class ModelsView implements ConsoleView {


    private final ZoneId zone;
    private final VBox root = new VBox(12);
    private final MessageBar messages = new MessageBar();
    private final Label active = new Label();
    private final Button train = new Button("Train…", new FontIcon(Feather.CPU));
    private final Button activate = new Button("Activate…", new FontIcon(Feather.PLAY_CIRCLE));
    private final Button rollback = new Button("Roll back…", new FontIcon(Feather.ROTATE_CCW));
    private final Button reload = new Button(null, new FontIcon(Feather.REFRESH_CW));
    private final ObservableList<ModelVersionInfo> versions = FXCollections.observableArrayList();
    private final TableView<ModelVersionInfo> versionTable = new TableView<>(versions);
    private final ObservableList<ShardServing> shards = FXCollections.observableArrayList();
    private final TableView<ShardServing> shardTable = new TableView<>(shards);
    private final ObservableList<AuditEntry> audit = FXCollections.observableArrayList();
    private final TableView<AuditEntry> auditTable = new TableView<>(audit);
    private ModelsResponse current;
    private Session session;

    public ModelsView(ZoneId zone) {
        this.zone = zone;
        build();
    }

    private void build() {
        root.setPadding(new Insets(16));
        Label title = new Label("Model versions");
        title.getStyleClass().add(Styles.TITLE_3);
        active.setId("active-version");
        active.getStyleClass().add(Styles.TEXT_BOLD);
        train.setId("train");
        train.setOnAction(e -> confirmTrain());
        activate.setId("activate");
        activate.setOnAction(e -> confirmActivate());
        rollback.setId("rollback");
        rollback.setOnAction(e -> confirmRollback());
        reload.setId("reload-models");
        reload.setOnAction(e -> load());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(8, active, spacer, train, activate, rollback, reload);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        versionTable.setId("version-table");
        versionTable.setPlaceholder(new EmptyState(Feather.LAYERS, "No model versions", "Versions appear once the trainer ran; operators can train one now."));
        versionTable.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(ModelVersionInfo v, boolean empty) {
                super.updateItem(v, empty);
                getStyleClass().remove("active-row");
                if (!empty && v != null && current != null && v.id().equals(current.active())) getStyleClass().add("active-row");
            }
        });
        versionTable.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> updateButtons());

        shardTable.setId("shard-table");
        shardTable.setPlaceholder(new EmptyState(Feather.GRID, "No item shards reported", "The item shards report once they run."));
        shardTable.getColumns().addAll(
                column("Shard", 70, s -> Integer.toString(s.shard())),
                column("Serves", 205, s -> orDash(s.active())),
                column("Previous", 205, s -> orDash(s.previous())),
                column("Prepared", 260, s -> String.join(", ", s.prepared())));

        auditTable.setId("audit-table");
        auditTable.setPlaceholder(new EmptyState(Feather.FILE_TEXT, "No changes yet", "Every train, activation, rollback and acknowledgement is listed here."));
        auditTable.getColumns().addAll(
                auditColumn("Requested", 175, a -> LocalTimes.dateTime(a.requestedAt(), zone)),
                auditColumn("Who", 120, AuditEntry::who),
                auditColumn("Action", 185, AuditEntry::action),
                auditColumn("Target", 210, a -> orDash(a.target())),
                auditColumn("Reason", 300, a -> orDash(a.reason())),
                auditColumn("Outcome", 90, AuditEntry::outcome),
                auditColumn("Result", 300, a -> a.result() != null ? a.result() : orDash(a.error())));

        VBox top = new VBox(6, versionTable);
        VBox.setVgrow(versionTable, Priority.ALWAYS);
        SplitPane lower = new SplitPane(titled("What each item shard serves", shardTable), titled("Audit trail (newest first)", auditTable));
        lower.setDividerPositions(0.42);
        SplitPane split = new SplitPane(top, lower);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.45);
        VBox.setVgrow(split, Priority.ALWAYS);
        root.getChildren().addAll(title, messages, toolbar, split);
    }

    private static VBox titled(String title, TableView<?> table) {
        Label heading = new Label(title);
        heading.getStyleClass().addAll(Styles.TEXT_BOLD, "section-title");
        VBox box = new VBox(6, heading, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        return box;
    }

    private static <T> TableColumn<T, String> column(String name, double width, Function<T, String> value) {
        TableColumn<T, String> column = new TableColumn<>(name);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }

    private static TableColumn<AuditEntry, String> auditColumn(String name, double width, Function<AuditEntry, String> value) {
        return column(name, width, value);
    }

    /** Rebuilds the version columns: one per metric any version has, so versions compare side by side. */
    private void versionColumns(ModelsResponse models) {
        versionTable.getColumns().clear();
        versionTable.getColumns().add(column("", 80, v -> v.id().equals(models.active()) ? "active"
                : v.id().equals(models.previous()) ? "previous" : ""));
        versionTable.getColumns().add(column("Version", 210, ModelVersionInfo::id));
        versionTable.getColumns().add(column("Registered", 175, v -> LocalTimes.dateTime(v.registeredAt(), zone)));
        versionTable.getColumns().add(column("Interactions", 115, v -> Long.toString(v.interactions())));
        TreeSet<String> metrics = models.versions().stream().flatMap(v -> v.metrics().keySet().stream()).collect(Collectors.toCollection(TreeSet::new));
        for (String metric : metrics) {
            // wide enough for the metric's name, e.g. popularity.ndcg@10
            versionTable.getColumns().add(column(metric, Math.max(100, 9.5 * metric.length() + 30), v -> v.metrics().containsKey(metric)
                    ? String.format(Locale.ROOT, "%.4f", v.metrics().get(metric)) : "—"));
        }
        versionTable.getColumns().add(column("Data", 370, v -> LocalTimes.dateTime(v.dataFrom(), zone) + " → " + LocalTimes.dateTime(v.dataTo(), zone)));
        versionTable.getColumns().add(column("Parameters", 260, v -> v.parameters().entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + trim(e.getValue())).collect(Collectors.joining(", "))));
    }

    // ---- loading ----

    private void load() {
        if (session == null) return;
        Session s = session;
        BackgroundWork.run(() -> new Loaded(s.client().models(), s.client().audit(50)), loaded -> {
            if (session == s) show(loaded);
        }, messages::problem);
    }

    private record Loaded(ModelsResponse models, AuditResponse audit) {}

    private void show(Loaded loaded) {
        ModelsResponse m = loaded.models();
        String selected = versionTable.getSelectionModel().getSelectedItem() == null ? null : versionTable.getSelectionModel().getSelectedItem().id();
        current = m;
        versionColumns(m);
        versions.setAll(m.versions().stream().sorted(Comparator.comparing(ModelVersionInfo::registeredAt,
                Comparator.nullsFirst(Comparator.naturalOrder())).reversed()).toList());
        shards.setAll(m.shards());
        audit.setAll(loaded.audit().changes());
        active.setText("Active: " + (m.active() == null ? "none (popularity)" : m.active())
                + (m.previous() == null ? "" : "   ·   a rollback returns to " + m.previous()));
        versions.stream().filter(v -> v.id().equals(selected)).findFirst().ifPresent(v -> versionTable.getSelectionModel().select(v));
        versionTable.refresh();
        updateButtons();
    }

    private void updateButtons() {
        ModelVersionInfo selected = versionTable.getSelectionModel().getSelectedItem();
        activate.setDisable(selected == null || current == null || selected.id().equals(current.active()));
        rollback.setDisable(current == null || current.previous() == null);
    }

    // ---- changes ----

    private void confirmTrain() {
        String now = current == null || current.active() == null ? "popularity" : current.active();
        ask("Train a model version", "Train", "A new version is trained on the whole interaction log (this takes minutes; "
                + "the console stays usable). It becomes active only if it beats " + now + " on the held-out slice; "
                + "otherwise it is listed and can be activated by hand.",
                reason -> () -> {
                    var report = session.client().train(reason);
                    return "Trained " + report.versionId() + " on " + report.interactions() + " interactions in "
                            + String.format(Locale.ROOT, "%.1f s", report.trainingSeconds()) + "; "
                            + (report.promoted() ? "promoted, now active." : "not promoted; active stays " + orDash(report.activeAfter()) + ".");
                });
    }

    private void confirmActivate() {
        ModelVersionInfo target = versionTable.getSelectionModel().getSelectedItem();
        if (target == null) return;
        ask("Activate " + target.id(), "Activate", whatWillChange(target.id()),
                reason -> () -> "Active: " + session.client().activate(target.id(), reason).active() + ".");
    }

    private void confirmRollback() {
        if (current == null || current.previous() == null) return;
        ask("Roll back to " + current.previous(), "Roll back", whatWillChange(current.previous()),
                reason -> () -> "Rolled back; active: " + session.client().rollback(reason).active() + ".");
    }

    private String whatWillChange(String target) {
        long serving = current.shards().stream().filter(s -> Objects.equals(s.active(), current.active())).count();
        long prepared = current.shards().stream().filter(s -> target.equals(s.active()) || target.equals(s.previous()) || s.prepared().contains(target)).count();
        ModelVersionInfo from = current.versions().stream().filter(v -> v.id().equals(current.active())).findFirst().orElse(null);
        ModelVersionInfo to = current.versions().stream().filter(v -> v.id().equals(target)).findFirst().orElse(null);
        StringBuilder text = new StringBuilder("Active version: " + orDash(current.active()) + "  →  " + target + "\n");
        text.append(serving).append(" of ").append(current.shards().size()).append(" item shard(s) serving ")
                .append(orDash(current.active())).append(" switch to ").append(target).append("; ")
                .append(prepared).append(" have it ready at once, the others load it first.\n");
        text.append("Users' embeddings are folded in again under ").append(target).append(" as they act.");
        if (from != null && to != null) {
            TreeSet<String> keys = new TreeSet<>(from.metrics().keySet());
            keys.addAll(to.metrics().keySet());
            for (String k : keys) {
                text.append("\n").append(k).append(": ").append(trim(from.metrics().get(k))).append("  →  ").append(trim(to.metrics().get(k)));
            }
        }
        return text.toString();
    }

    private void ask(String title, String action, String whatWillChange, Function<String, Callable<String>> change) {
        if (session == null || !session.identity().mayChange()) return;
        Label what = new Label(whatWillChange);
        what.setId("what-will-change");
        what.setWrapText(true);
        ReasonDialog.ask(root.getScene().getWindow(), title, action, what).ifPresent(reason -> {
            messages.info(title + " …", "Sent to the node; the result appears here.");
            BackgroundWork.run(change.apply(reason), result -> {
                messages.success(title, result);
                load();
            }, problem -> {
                messages.problem(problem);
                load(); // the audit trail shows the refusal too
            });
        });
    }

    private void onEvent(NodeEvent event) {
        if (event instanceof NodeEvent.Model || event instanceof NodeEvent.Connection c && c.open()) load();
    }

    // ---- small parts ----

    private static String trim(Double value) {
        if (value == null) return "—";
        return value == Math.rint(value) ? Long.toString(value.longValue()) : String.format(Locale.ROOT, "%.4f", value);
    }

    private static String orDash(String text) {
        return text == null ? "—" : text;
    }

    // ---- ConsoleView ----

    @Override
    public String title() {
        return "Model versions";
    }

    @Override
    public Feather icon() {
        return Feather.LAYERS;
    }

    @Override
    public KeyCombination shortcut() {
        return new KeyCodeCombination(KeyCode.DIGIT4, KeyCombination.SHORTCUT_DOWN);
    }

    @Override
    public Parent root() {
        return root;
    }

    @Override
    public void connected(Session s) {
        session = s;
        boolean operator = s.identity().mayChange();
        for (Button b : new Button[] {train, activate, rollback}) {
            b.setVisible(operator);
            b.setManaged(operator);
        }
        s.events().subscribe(event -> {
            if (session == s) onEvent(event);
        });
        load();
    }

    @Override
    public void disconnected() {
        session = null;
        current = null;
        versions.clear();
        shards.clear();
        audit.clear();
        active.setText("");
        messages.clear();
    }

    @Override
    public void shown() {
        load();
    }
}
