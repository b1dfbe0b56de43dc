package io.murmuration.console.alarms;

import atlantafx.base.theme.Styles;
import io.murmuration.console.api.NodeEvent;
import io.murmuration.console.shell.BackgroundWork;
import io.murmuration.console.shell.ConsoleView;
import io.murmuration.console.shell.EmptyState;
import io.murmuration.console.shell.LocalTimes;
import io.murmuration.console.shell.LiveChart;
import io.murmuration.console.shell.MessageBar;
import io.murmuration.console.shell.ReasonDialog;
import io.murmuration.console.shell.Session;
import io.murmuration.protocol.DriftAlarm;
import io.murmuration.protocol.DriftAlarmsResponse;
import io.murmuration.protocol.StatsResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
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
 * Drift alarms as an alarm table: open, acknowledged or all, sortable by any column and filtered by any text; new
 * alarms arrive from the node's stream, are announced in a banner and stay bold until seen. Operators acknowledge
 * with a reason. Below, the online hit rate and the mean surprise over time from the stream's figures, with every
 * alarm the node keeps as a marker at the instant it was raised, whenever that instant lies on the chart's time axis
 * (also alarms raised before the console connected, within the chosen span).
 */
public final class AlarmsView implements ConsoleView {

    static final String HIT_RATE = "online hit rate";
    static final String MEAN_SURPRISE = "mean surprise";
    /** The chart's spans, the default first. */
    private static final Map<String, Duration> SPANS = spans();

    private final ZoneId zone;
    private final Consumer<String> openUser;
    private final VBox root = new VBox(12);
    private final MessageBar messages = new MessageBar();
    private final Label annunciator = new Label();
    private final ChoiceBox<String> status = new ChoiceBox<>(FXCollections.observableArrayList("open", "acknowledged", "all"));
    private final TextField filter = new TextField();
    private final Button acknowledge = new Button("Acknowledge…", new FontIcon(Feather.CHECK_SQUARE));
    private final Button showUser = new Button("Open user", new FontIcon(Feather.USER));
    private final Button reload = new Button(null, new FontIcon(Feather.REFRESH_CW));
    private final ChoiceBox<String> chartSpan = new ChoiceBox<>(FXCollections.observableArrayList(SPANS.keySet()));
    /** Every alarm the node keeps, whatever the status shown: the table filters them, the chart marks them all. */
    private final ObservableList<DriftAlarm> alarms = FXCollections.observableArrayList();
    private final FilteredList<DriftAlarm> filtered = new FilteredList<>(alarms);
    private final TableView<DriftAlarm> table = new TableView<>();
    private final Label count = new Label();
    private final Set<String> unseen = new HashSet<>();
    private final LiveChart chart;
    private Session session;

    public AlarmsView(ZoneId zone, Consumer<String> openUser) {
        this.zone = zone;
        this.openUser = openUser;
        this.chart = new LiveChart("Online hit rate and mean surprise, with drift alarms", "share / surprise", zone,
                SPANS.values().iterator().next());
        build();
    }

    private static Map<String, Duration> spans() {
        Map<String, Duration> spans = new LinkedHashMap<>();
        spans.put("last hour", Duration.ofHours(1));
        spans.put("last 15 minutes", Duration.ofMinutes(15));
        spans.put("last 6 hours", LiveChart.LONGEST_SPAN);
        return spans;
    }

    private void build() {
        root.setPadding(new Insets(16));
        Label title = new Label("Drift alarms");
        title.getStyleClass().add(Styles.TITLE_3);
        annunciator.setId("annunciator");
        annunciator.getStyleClass().addAll("annunciator", Styles.DANGER);
        annunciator.setVisible(false);
        annunciator.setManaged(false);
        annunciator.setOnMouseClicked(e -> silence());

        status.setId("alarm-status");
        status.setValue("open");
        status.setOnAction(e -> applyFilter(filter.getText()));
        filter.setId("alarm-filter");
        filter.setPromptText("Filter: id, user, signal, status … (Ctrl+F)");
        filter.textProperty().addListener((o, a, text) -> applyFilter(text));
        HBox.setHgrow(filter, Priority.ALWAYS);
        acknowledge.setId("acknowledge");
        acknowledge.getStyleClass().add(Styles.ACCENT);
        acknowledge.setOnAction(e -> acknowledgeSelected());
        showUser.setId("open-alarm-user");
        showUser.setOnAction(e -> {
            DriftAlarm a = table.getSelectionModel().getSelectedItem();
            if (a != null && a.userId() != null) openUser.accept(a.userId());
        });
        reload.setId("reload-alarms");
        reload.setTooltip(new javafx.scene.control.Tooltip("Reload (F5)"));
        reload.setOnAction(e -> load());
        count.getStyleClass().add(Styles.TEXT_MUTED);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.SOMETIMES);
        HBox toolbar = new HBox(8, new Label("Status"), status, filter, count, spacer, showUser, acknowledge, reload);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        table.setId("alarm-table");
        table.setPlaceholder(new EmptyState(Feather.BELL_OFF, "No alarms", "No drift alarm matches; new ones appear here as they are raised."));
        table.getColumns().addAll(
                column("Raised", 190, a -> LocalTimes.dateTime(a.raisedAt(), zone)),
                column("Alarm", 205, DriftAlarm::id),
                column("Scope", 70, DriftAlarm::scope),
                column("User", 135, a -> a.userId() == null ? "—" : a.userId()),
                column("Signal", 80, DriftAlarm::signal),
                column("Figures", 440, AlarmsView::figures),
                column("Model", 210, a -> a.modelVersion() == null ? "—" : a.modelVersion()),
                column("Status", 110, DriftAlarm::status),
                column("Acknowledged by", 140, a -> a.acknowledgedBy() == null ? "" : a.acknowledgedBy()),
                column("Reason", 260, a -> a.acknowledgeReason() == null ? "" : a.acknowledgeReason()));
        SortedList<DriftAlarm> sorted = new SortedList<>(filtered);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(DriftAlarm a, boolean empty) {
                super.updateItem(a, empty);
                getStyleClass().removeAll("alarm-unseen", "alarm-open");
                if (!empty && a != null) {
                    if (unseen.contains(a.id())) getStyleClass().add("alarm-unseen");
                    if ("open".equals(a.status())) getStyleClass().add("alarm-open");
                }
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, a, selected) -> {
            if (selected != null && unseen.remove(selected.id())) table.refresh();
            updateButtons();
        });
        acknowledge.setDisable(true);
        showUser.setDisable(true);
        chart.fixRange(0, 1);
        chart.node().setId("drift-chart");
        chart.node().setLegendSide(javafx.geometry.Side.RIGHT); // beside the plot: below it, a low pane cuts it off
        chartSpan.setId("chart-span");
        chartSpan.setValue(SPANS.keySet().iterator().next());
        chartSpan.setOnAction(e -> chart.span(SPANS.get(chartSpan.getValue())));
        Label spanHint = new Label("Markers: every alarm raised within the span (open in red, acknowledged muted); hover for details.");
        spanHint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        HBox chartBar = new HBox(8, new Label("Chart"), chartSpan, spanHint);
        chartBar.setAlignment(Pos.CENTER_LEFT);
        VBox chartPane = new VBox(6, chartBar, chart.node());
        chartPane.setPadding(new Insets(8, 28, 0, 0)); // room for the last time label, centred on the axis' end
        VBox.setVgrow(chart.node(), Priority.ALWAYS);
        SplitPane split = new SplitPane(table, chartPane);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.5);
        VBox.setVgrow(split, Priority.ALWAYS);
        root.getChildren().addAll(title, annunciator, messages, toolbar, split);
    }

    private static TableColumn<DriftAlarm, String> column(String name, double width, Function<DriftAlarm, String> value) {
        TableColumn<DriftAlarm, String> column = new TableColumn<>(name);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }

    /** The detector's figures, counts as whole numbers and the rest to three significant digits. */
    static String figures(DriftAlarm a) {
        return a.figures().entrySet().stream()
                .map(e -> e.getKey() + " " + (e.getValue() == Math.rint(e.getValue()) && Math.abs(e.getValue()) < 1e15
                        ? Long.toString(e.getValue().longValue()) : String.format(Locale.ROOT, "%.3g", e.getValue())))
                .collect(Collectors.joining(", "));
    }

    private void applyFilter(String text) {
        String needle = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        String wanted = status.getValue();
        filtered.setPredicate(a -> ("all".equals(wanted) || wanted.equals(a.status())) && (needle.isEmpty()
                || String.join(" ", a.id(), a.scope(), String.valueOf(a.userId()), a.signal(), a.status(),
                        String.valueOf(a.modelVersion()), String.valueOf(a.acknowledgedBy()), String.valueOf(a.acknowledgeReason()))
                .toLowerCase(Locale.ROOT).contains(needle)));
        count.setText(filtered.size() + " of " + alarms.size());
    }

    private void updateButtons() {
        DriftAlarm selected = table.getSelectionModel().getSelectedItem();
        acknowledge.setDisable(selected == null || !"open".equals(selected.status()));
        showUser.setDisable(selected == null || selected.userId() == null);
    }

    // ---- loading and live updates ----

    /** Reads every alarm the node keeps: the table shows those of the chosen status, the chart marks them all. */
    private void load() {
        if (session == null) return;
        Session s = session;
        BackgroundWork.run(() -> s.client().alarms("all"), (DriftAlarmsResponse r) -> {
            if (session != s) return;
            alarms.setAll(r.alarms());
            applyFilter(filter.getText());
            chart.markAll(r.alarms().stream().filter(a -> a.raisedAt() != null).map(this::marker).toList());
        }, messages::problem);
    }

    /**
     * An alarm's marker, at the instant the node says it was raised: the event time of the interaction that raised it,
     * which for live traffic is the time on the chart's axis (the node's clock, as its figures give it).
     */
    private LiveChart.Marker marker(DriftAlarm a) {
        String whom = a.userId() == null ? "the whole cluster" : "user " + a.userId();
        return new LiveChart.Marker(a.id(), a.raisedAt(), a.id() + ": " + a.signal() + " of " + whom + ", raised "
                + LocalTimes.dateTime(a.raisedAt(), zone) + " · " + a.status()
                + (a.acknowledgedBy() == null ? "" : " by " + a.acknowledgedBy()), !"open".equals(a.status()));
    }

    private void onEvent(NodeEvent event) {
        if (event instanceof NodeEvent.Alarm raised) {
            DriftAlarm a = raised.alarm();
            if (alarms.stream().noneMatch(x -> x.id().equals(a.id()))) {
                alarms.add(0, a);
                unseen.add(a.id());
                applyFilter(filter.getText());
            }
            if (a.raisedAt() != null) chart.mark(marker(a));
            announce(a);
        } else if (event instanceof NodeEvent.Stats s) {
            addStats(s.stats());
        } else if (event instanceof NodeEvent.Connection c && c.open()) {
            load(); // the stream replays nothing: what was raised while it was down is read again
        }
    }

    private void addStats(StatsResponse stats) {
        Instant at = stats.at() == null ? Instant.now() : stats.at();
        chart.add(HIT_RATE, at, stats.consumptions() == null ? null : stats.consumptions().hitRate());
        chart.add(MEAN_SURPRISE, at, stats.surprise() == null ? null : stats.surprise().meanSurprise());
    }

    private void announce(DriftAlarm a) {
        annunciator.setText("New drift alarm " + a.id() + (a.userId() == null ? " for the whole cluster" : " for " + a.userId())
                + " (" + a.signal() + "). " + unseen.size() + " unseen. Click to silence.");
        annunciator.setGraphic(new FontIcon(Feather.BELL));
        annunciator.setVisible(true);
        annunciator.setManaged(true);
    }

    private void silence() {
        annunciator.setVisible(false);
        annunciator.setManaged(false);
    }

    private void acknowledgeSelected() {
        DriftAlarm a = table.getSelectionModel().getSelectedItem();
        if (a == null || session == null || !session.identity().mayChange()) return;
        Label what = new Label("Alarm " + a.id() + (a.userId() == null ? " (cluster)" : " for user " + a.userId()) + ", raised "
                + LocalTimes.dateTime(a.raisedAt(), zone) + ", will be marked acknowledged by " + session.identity().name()
                + ". It stays listed under \"acknowledged\".");
        what.setWrapText(true);
        ReasonDialog.ask(root.getScene().getWindow(), "Acknowledge drift alarm", "Acknowledge", what).ifPresent(reason ->
                BackgroundWork.run(() -> session.client().acknowledge(a.id(), reason), done -> {
                    int index = alarms.indexOf(a);
                    if (index >= 0) alarms.set(index, done);
                    applyFilter(filter.getText());
                    if (done.raisedAt() != null) chart.mark(marker(done));
                    messages.success("Acknowledged " + done.id(), "by " + done.acknowledgedBy() + ": " + done.acknowledgeReason());
                }, messages::problem));
    }

    /** The alarms the table shows now, in its order (for tests). */
    public ObservableList<DriftAlarm> shownAlarms() {
        return table.getItems();
    }

    /** The chart of the hit rate and the mean surprise, with the alarms' markers (for tests). */
    public LiveChart chart() {
        return chart;
    }

    // ---- ConsoleView ----

    @Override
    public String title() {
        return "Drift alarms";
    }

    @Override
    public Feather icon() {
        return Feather.BELL;
    }

    @Override
    public KeyCombination shortcut() {
        return new KeyCodeCombination(KeyCode.DIGIT3, KeyCombination.SHORTCUT_DOWN);
    }

    @Override
    public Parent root() {
        return root;
    }

    @Override
    public void connected(Session s) {
        session = s;
        boolean operator = s.identity().mayChange();
        acknowledge.setVisible(operator);
        acknowledge.setManaged(operator);
        chart.clear();
        s.events().subscribe(event -> {
            if (session == s) onEvent(event);
        });
        load();
    }

    @Override
    public void disconnected() {
        session = null;
        alarms.clear();
        unseen.clear();
        chart.clear();
        messages.clear();
        silence();
    }

    @Override
    public void shown() {
        if (session != null) load();
    }

    @Override
    public void focusSearch() {
        filter.requestFocus();
    }
}
