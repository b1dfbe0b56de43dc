package io.murmuration.console;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;
import io.murmuration.console.alarms.AlarmsView;
import io.murmuration.console.api.AdminEventStream;
import io.murmuration.console.api.NodeEvent;
import io.murmuration.console.cluster.ClusterView;
import io.murmuration.console.connect.ConnectView;
import io.murmuration.console.connect.ConnectionSettings;
import io.murmuration.console.models.ModelsView;
import io.murmuration.console.shell.BackgroundWork;
import io.murmuration.console.shell.ConsoleView;
import io.murmuration.console.shell.NodeEvents;
import io.murmuration.console.shell.Session;
import io.murmuration.console.users.UsersView;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The console's window: a side bar of views (Ctrl+1 … Ctrl+5), the view itself, and a status bar with the
 * connection, the live stream's state and a progress indicator for work under way. It owns the session: connecting
 * opens the node's event stream and hands the session to every view; disconnecting closes it.
 */
public final class ConsoleWindow {

    private final ConnectionSettings settings;
    private final ConnectView connect;
    private final UsersView users;
    private final AlarmsView alarms;
    private final ModelsView models;
    private final ClusterView cluster;
    private final List<ConsoleView> views;
    private final Map<ConsoleView, ToggleButton> navigation = new LinkedHashMap<>();
    private final ToggleGroup navigationGroup = new ToggleGroup();
    private final StackPane page = new StackPane();
    private final Label connection = new Label("Not connected");
    private final Label stream = new Label();
    private final ToggleButton dark = new ToggleButton(null, new FontIcon(Feather.MOON));
    private final BorderPane root = new BorderPane();
    private final Scene scene;
    private ConsoleView shown;
    private Session session;
    private AdminEventStream events;

    public ConsoleWindow(ConnectionSettings settings) {
        this.settings = settings;
        ZoneId zone = ZoneId.systemDefault();
        this.connect = new ConnectView(settings, (connected, remembered) -> connected(connected), this::disconnect);
        this.users = new UsersView(zone);
        this.alarms = new AlarmsView(zone, userId -> {
            show(users);
            users.open(userId);
        });
        this.models = new ModelsView(zone);
        this.cluster = new ClusterView(zone);
        this.views = List.of(connect, users, alarms, models, cluster);
        this.scene = new Scene(build(), 1360, 860);
        scene.getStylesheets().add(ConsoleWindow.class.getResource("console.css").toExternalForm());
        shortcuts();
        theme(settings.darkTheme());
        show(connect);
        for (ConsoleView v : views) {
            if (v != connect) v.disconnected();
        }
    }

    private BorderPane build() {
        VBox side = new VBox(4);
        side.getStyleClass().add("side-bar");
        side.setPadding(new Insets(16, 10, 16, 10));
        Label brand = new Label("Murmuration", new FontIcon(Feather.WIND));
        brand.getStyleClass().addAll(Styles.TITLE_4, "brand");
        side.getChildren().add(brand);
        for (ConsoleView v : views) {
            ToggleButton button = new ToggleButton(v.title(), new FontIcon(v.icon()));
            button.setId("nav-" + v.getClass().getSimpleName().replace("View", "").toLowerCase());
            button.setToggleGroup(navigationGroup);
            button.setMaxWidth(Double.MAX_VALUE);
            button.setAlignment(Pos.CENTER_LEFT);
            button.getStyleClass().addAll(Styles.FLAT, "nav-button");
            button.setTooltip(new Tooltip(v.title() + " (" + v.shortcut().getDisplayText() + ")"));
            button.setOnAction(e -> show(v));
            navigation.put(v, button);
            side.getChildren().add(button);
        }
        Region spacer = new Region();
        VBox.setVgrow(spacer, Priority.ALWAYS);
        dark.setId("dark-theme");
        dark.setTooltip(new Tooltip("Dark theme (Ctrl+D)"));
        dark.getStyleClass().add(Styles.FLAT);
        dark.setOnAction(e -> theme(dark.isSelected()));
        Label keys = new Label("Ctrl+1…5 views · Ctrl+F search · F5 reload · Ctrl+D theme");
        keys.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        keys.setWrapText(true);
        side.getChildren().addAll(spacer, keys, dark);
        side.setPrefWidth(200);

        ProgressIndicator progress = new ProgressIndicator();
        progress.setId("progress");
        progress.setPrefSize(16, 16);
        progress.visibleProperty().bind(BackgroundWork.running().greaterThan(0));
        connection.setId("status-connection");
        stream.setId("status-stream");
        stream.getStyleClass().add(Styles.TEXT_MUTED);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox status = new HBox(12, connection, gap, stream, progress);
        status.getStyleClass().add("status-bar");
        status.setAlignment(Pos.CENTER_LEFT);
        status.setPadding(new Insets(4, 12, 4, 12));

        root.setLeft(side);
        root.setCenter(page);
        root.setBottom(status);
        return root;
    }

    private void shortcuts() {
        for (ConsoleView v : views) scene.getAccelerators().put(v.shortcut(), () -> show(v));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), () -> {
            if (shown != null) shown.focusSearch();
        });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN), () -> theme(!dark.isSelected()));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), () -> {
            if (shown != null && session != null) shown.shown();
        });
    }

    /** Shows a view (as its side-bar button or its shortcut does). */
    public void show(ConsoleView view) {
        shown = view;
        page.getChildren().setAll(view.root());
        navigation.get(view).setSelected(true);
        if (session != null && view != connect) view.shown();
    }

    /** Light or dark AtlantaFX Primer theme, remembered for the next run. */
    public void theme(boolean darkTheme) {
        Application.setUserAgentStylesheet(darkTheme ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
        dark.setSelected(darkTheme);
        dark.setGraphic(new FontIcon(darkTheme ? Feather.SUN : Feather.MOON));
        root.getStyleClass().removeAll("theme-dark", "theme-light");
        root.getStyleClass().add(darkTheme ? "theme-dark" : "theme-light");
        try {
            settings.rememberTheme(darkTheme);
        } catch (RuntimeException e) {
            // an unwritable settings directory costs only the remembered theme
        }
    }

    private void connected(ConnectView.Connected c) {
        closeStream();
        NodeEvents hub = new NodeEvents();
        session = new Session(c.client(), c.identity(), hub);
        connection.setText(c.identity().name() + " (" + c.identity().role() + ") @ " + c.client().base());
        connection.setGraphic(new FontIcon(c.identity().mayChange() ? Feather.UNLOCK : Feather.LOCK));
        hub.subscribe(event -> {
            if (event instanceof NodeEvent.Connection state) {
                stream.setText(state.open() ? "live" : "live updates paused: " + state.reason());
                stream.setGraphic(new FontIcon(state.open() ? Feather.RADIO : Feather.WIFI_OFF));
            }
        });
        for (ConsoleView v : views) v.connected(session);
        events = c.client().openStream(hub);
    }

    private void disconnect() {
        closeStream();
        session = null;
        connection.setText("Not connected");
        connection.setGraphic(null);
        stream.setText("");
        stream.setGraphic(null);
        for (ConsoleView v : views) v.disconnected();
    }

    private void closeStream() {
        if (events != null) events.close();
        events = null;
    }

    /** Closes the stream; the window is going away. */
    public void close() {
        closeStream();
    }

    public Scene scene() {
        return scene;
    }

    public ConnectView connectView() {
        return connect;
    }

    public UsersView usersView() {
        return users;
    }

    public AlarmsView alarmsView() {
        return alarms;
    }

    public ModelsView modelsView() {
        return models;
    }

    public ClusterView clusterView() {
        return cluster;
    }

    public List<ConsoleView> views() {
        return views;
    }

    /** The current session, or null while not connected. */
    public Session session() {
        return session;
    }
}
