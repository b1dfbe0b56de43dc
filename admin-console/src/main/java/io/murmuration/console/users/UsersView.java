package io.murmuration.console.users;

import atlantafx.base.theme.Styles;
import io.murmuration.console.shell.BackgroundWork;
import io.murmuration.console.shell.ConsoleView;
import io.murmuration.console.shell.EmptyState;
import io.murmuration.console.shell.LocalTimes;
import io.murmuration.console.shell.MessageBar;
import io.murmuration.console.shell.Session;
import io.murmuration.protocol.CrowdFollowing;
import io.murmuration.protocol.HistoryEntry;
import io.murmuration.protocol.RecommendedItem;
import io.murmuration.protocol.UserDrift;
import io.murmuration.protocol.UserListResponse;
import io.murmuration.protocol.UserProfileResponse;
import io.murmuration.protocol.UserReplayResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Users: search by id prefix a page at a time; a user's profile (counters per type, the embedding as a heat strip,
 * the recent history as a timeline, the last list served, the drift test); and "as of": the user replayed at an
 * instant from the journal, with what changed since then highlighted.
 */
public final class UsersView implements ConsoleView {

    private static final int PAGE = 50;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final ZoneId zone;
    private final SplitPane root = new SplitPane();
    private final MessageBar messages = new MessageBar();
    private final TextField search = new TextField();
    private final ObservableList<String> users = FXCollections.observableArrayList();
    private final ListView<String> userList = new ListView<>(users);
    private final Button more = new Button("More", new FontIcon(Feather.CHEVRONS_DOWN));
    private final Label pageInfo = new Label();
    private final StackPane detail = new StackPane();
    private final VBox profilePane = new VBox(16);
    private final Label profileTitle = new Label();
    private final Label profileSummary = new Label();
    private final FlowPane counters = new FlowPane(8, 8);
    private final EmbeddingStrip embeddingNow = new EmbeddingStrip(480, 22);
    private final EmbeddingStrip embeddingThen = new EmbeddingStrip(480, 22);
    private final Label embeddingInfo = new Label();
    private final ObservableList<HistoryEntry> history = FXCollections.observableArrayList();
    private final ListView<HistoryEntry> timeline = new ListView<>(history);
    private final Label lastServed = new Label();
    private final GridPane drift = new GridPane();
    private final DatePicker asOfDate = new DatePicker();
    private final TextField asOfTime = new TextField();
    private final Button replay = new Button("Replay", new FontIcon(Feather.CLOCK));
    private final VBox differences = new VBox(6);
    private final Label replayInfo = new Label();

    private Session session;
    private String nextAfter;
    private String searchedPrefix = "";
    private UserProfileResponse profile;
    private Set<String> highlighted = Set.of();

    public UsersView(ZoneId zone) {
        this.zone = zone;
        build();
    }

    private void build() {
        search.setId("user-search");
        search.setPromptText("User id prefix (Ctrl+F)");
        search.setTooltip(new javafx.scene.control.Tooltip("A prefix of user ids; Enter searches"));
        search.setOnAction(e -> search(search.getText().trim()));
        Button go = new Button(null, new FontIcon(Feather.SEARCH));
        go.setId("user-search-go");
        go.setOnAction(e -> search(search.getText().trim()));
        HBox.setHgrow(search, Priority.ALWAYS);
        userList.setId("user-list");
        userList.setPlaceholder(new EmptyState(Feather.USERS, "No users listed", "Search by an id prefix; an empty prefix lists all."));
        userList.getSelectionModel().selectedItemProperty().addListener((o, a, id) -> {
            if (id != null) open(id);
        });
        VBox.setVgrow(userList, Priority.ALWAYS);
        more.setId("more-users");
        more.setDisable(true);
        more.setOnAction(e -> page(searchedPrefix, nextAfter));
        pageInfo.getStyleClass().add(Styles.TEXT_MUTED);
        VBox left = new VBox(8, new HBox(6, search, go), userList, new HBox(8, more, pageInfo));
        left.setPadding(new Insets(16));
        left.setMinWidth(240);
        left.setMaxWidth(360);

        buildProfile();
        detail.getChildren().setAll(new EmptyState(Feather.USER, "No user open", "Pick a user on the left to see the profile."));
        VBox right = new VBox(messages, detail);
        VBox.setVgrow(detail, Priority.ALWAYS);
        root.getItems().addAll(left, right);
        root.setDividerPositions(0.26);
    }

    private void buildProfile() {
        profileTitle.setId("profile-title");
        profileTitle.getStyleClass().add(Styles.TITLE_3);
        profileSummary.setId("profile-summary");
        profileSummary.getStyleClass().add(Styles.TEXT_MUTED);
        counters.setId("counters");
        embeddingNow.setId("embedding");
        embeddingThen.setId("embedding-then");
        embeddingInfo.getStyleClass().add(Styles.TEXT_MUTED);
        timeline.setId("timeline");
        timeline.setPrefHeight(260);
        timeline.setPlaceholder(new EmptyState(Feather.ACTIVITY, "No history", "The user has no interactions yet."));
        timeline.setCellFactory(v -> new TimelineCell());
        lastServed.setId("last-served");
        lastServed.setWrapText(true);
        drift.setId("drift-state");
        drift.setHgap(16);
        drift.setVgap(4);

        asOfDate.setId("as-of-date");
        asOfDate.setPrefWidth(140);
        asOfTime.setId("as-of-time");
        asOfTime.setPromptText("HH:mm:ss");
        asOfTime.setPrefColumnCount(8);
        asOfTime.setOnAction(e -> replay());
        replay.setId("replay");
        replay.setOnAction(e -> replay());
        Label zoneLabel = new Label(zone.getId());
        zoneLabel.getStyleClass().add(Styles.TEXT_MUTED);
        HBox asOf = new HBox(8, new Label("As of"), asOfDate, asOfTime, zoneLabel, replay);
        asOf.setAlignment(Pos.CENTER_LEFT);
        differences.setId("differences");
        replayInfo.setId("replay-info");
        replayInfo.getStyleClass().add(Styles.TEXT_MUTED);
        replayInfo.setWrapText(true);

        profilePane.setPadding(new Insets(16));
        profilePane.getChildren().addAll(
                new VBox(4, profileTitle, profileSummary),
                section("Interactions by type", counters),
                section("Embedding", new VBox(4, embeddingNow, embeddingInfo)),
                section("Drift test", drift),
                section("Last list served", lastServed),
                section("Replay as of an instant", new VBox(8, asOf, replayInfo, embeddingThen, differences)),
                section("Recent history (newest first; highlighted: after the replayed instant)", timeline));
        embeddingThen.setVisible(false);
        embeddingThen.setManaged(false);
    }

    private static Node section(String title, Node content) {
        Label heading = new Label(title);
        heading.getStyleClass().addAll(Styles.TEXT_BOLD, "section-title");
        return new VBox(6, heading, content);
    }

    // ---- search and paging ----

    private void search(String prefix) {
        users.clear();
        nextAfter = null;
        searchedPrefix = prefix;
        page(prefix, null);
    }

    private void page(String prefix, String after) {
        if (session == null) return;
        more.setDisable(true);
        messages.clear();
        BackgroundWork.run(() -> session.client().users(prefix, after, PAGE), (UserListResponse page) -> {
            users.addAll(page.users());
            nextAfter = page.nextAfter();
            more.setDisable(nextAfter == null);
            pageInfo.setText(users.size() + " user(s)" + (nextAfter == null ? "" : ", more after " + nextAfter));
        }, messages::problem);
    }

    // ---- profile ----

    /** Opens a user's profile (also used by the alarms view to jump to an alarm's user). */
    public void open(String userId) {
        if (session == null) return;
        messages.clear();
        BackgroundWork.run(() -> session.client().profile(userId), this::show, messages::problem);
    }

    private void show(UserProfileResponse p) {
        profile = p;
        highlighted = Set.of();
        differences.getChildren().clear();
        replayInfo.setText("Pick an instant and press Replay to see the user as it was then.");
        embeddingThen.setVisible(false);
        embeddingThen.setManaged(false);
        profileTitle.setText(p.userId());
        profileSummary.setText(p.eventCount() + " events"
                + (p.firstSeen() == null ? "" : " · first " + LocalTimes.dateTime(p.firstSeen(), zone))
                + (p.lastSeen() == null ? "" : " · last " + LocalTimes.dateTime(p.lastSeen(), zone))
                + crowdPart(p.crowd()));
        counters.getChildren().setAll(p.countsByType().entrySet().stream().map(UsersView::counter).toList());
        if (p.countsByType().isEmpty()) counters.getChildren().setAll(muted("No interactions"));
        embeddingNow.show(p.embedding() == null ? null : p.embedding().values());
        embeddingInfo.setText(p.embedding() == null ? "No embedding: no active version, or none of the user's items is known to it."
                : p.embedding().values().length + " factors under " + p.embedding().modelVersion());
        history.setAll(p.recentHistory());
        showDrift(p.drift());
        lastServed.setText(p.lastServed() == null ? "Nothing served since the user's entity last started."
                : String.join(", ", p.lastServed().items()) + "  (" + p.lastServed().modelVersion() + ", " + LocalTimes.dateTime(p.lastServed().servedAt(), zone) + ")");
        if (asOfDate.getValue() == null && p.lastSeen() != null) {
            LocalDateTime local = LocalDateTime.ofInstant(p.lastSeen(), zone);
            asOfDate.setValue(local.toLocalDate());
            asOfTime.setText(local.toLocalTime().withNano(0).format(TIME));
        }
        detail.getChildren().setAll(scroll(profilePane));
        timeline.refresh();
    }

    private void showDrift(UserDrift d) {
        drift.getChildren().clear();
        if (d == null) {
            drift.add(muted("No drift test yet."), 0, 0);
            return;
        }
        List<String[]> rows = List.of(
                new String[] {"Observations", Long.toString(d.observations())},
                new String[] {"Mean surprise", String.format(Locale.ROOT, "%.3f", d.meanSurprise())},
                new String[] {"Page-Hinkley statistic", String.format(Locale.ROOT, "%.3f", d.statistic())},
                new String[] {"Measured under", d.modelVersion() == null ? "—" : d.modelVersion()},
                new String[] {"Last shift", d.lastShiftAt() == null ? "—" : LocalTimes.dateTime(d.lastShiftAt(), zone)},
                new String[] {"Alarms ever", Long.toString(d.alarms())},
                new String[] {"Open alarms", d.openAlarmIds() == null ? "unknown (the monitor did not answer)"
                        : d.openAlarmIds().isEmpty() ? "none" : String.join(", ", d.openAlarmIds())});
        for (int i = 0; i < rows.size(); i++) {
            drift.addRow(i, muted(rows.get(i)[0]), new Label(rows.get(i)[1]));
        }
    }

    // ---- as of ----

    private void replay() {
        if (session == null || profile == null) return;
        Instant asOf;
        try {
            LocalDate date = asOfDate.getValue();
            LocalTime time = asOfTime.getText().isBlank() ? LocalTime.MIDNIGHT : LocalTime.parse(asOfTime.getText().trim());
            if (date == null) throw new DateTimeParseException("no date", "", 0);
            asOf = LocalDateTime.of(date, time).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            replayInfo.setText("Give a date and a time as HH:mm:ss (or HH:mm).");
            return;
        }
        String userId = profile.userId();
        replay.setDisable(true);
        BackgroundWork.run(() -> new Replayed(session.client().replay(userId, asOf, 10), session.client().profile(userId)), r -> {
            replay.setDisable(false);
            show(r.now());
            showDifference(r.then(), r.now());
        }, problem -> {
            replay.setDisable(false);
            messages.problem(problem);
        });
    }

    /** Sets the "as of" picker to an instant and replays the open user there (as the screenshot command does). */
    public void replayAsOf(Instant instant) {
        LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
        asOfDate.setValue(local.toLocalDate());
        asOfTime.setText(local.toLocalTime().withNano(0).format(TIME));
        replay();
    }

    private record Replayed(UserReplayResponse then, UserProfileResponse now) {}

    private void showDifference(UserReplayResponse then, UserProfileResponse now) {
        ProfileDifference difference = ProfileDifference.between(then.profile(), then.embedding(), now);
        highlighted = difference.newEventIds();
        timeline.refresh();
        replayInfo.setText("As of " + LocalTimes.dateTime(then.asOf(), zone) + ": " + then.eventsApplied() + " events applied, model "
                + (then.modelVersion() == null ? "none active" : then.modelVersion()) + ". Then recommended: "
                + (then.recommendations().isEmpty() ? "nothing personal" : then.recommendations().stream().limit(6)
                        .map(RecommendedItem::itemId).collect(Collectors.joining(", "))) + "."
                + (then.basis() == null ? "" : " (" + then.basis() + ")"));
        embeddingThen.show(then.embedding());
        embeddingThen.setVisible(then.embedding() != null);
        embeddingThen.setManaged(then.embedding() != null);
        differences.getChildren().clear();
        if (difference.isEmpty()) {
            Label same = new Label("Nothing changed between then and now.");
            same.setId("no-difference");
            differences.getChildren().add(same);
            return;
        }
        for (ProfileDifference.Change change : difference.changes()) {
            Label line = new Label(change.toString(), new FontIcon(Feather.ARROW_RIGHT_CIRCLE));
            line.getStyleClass().add("difference");
            differences.getChildren().add(line);
        }
    }

    /** The differences shown, one line each (for tests). */
    public List<String> shownDifferences() {
        return differences.getChildren().stream().map(n -> ((Label) n).getText()).toList();
    }

    // ---- cells and small parts ----

    private final class TimelineCell extends ListCell<HistoryEntry> {
        @Override
        protected void updateItem(HistoryEntry e, boolean empty) {
            super.updateItem(e, empty);
            getStyleClass().remove("changed");
            if (empty || e == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            FontIcon icon = new FontIcon(iconOf(e.type()));
            setGraphic(icon);
            setText(LocalTimes.dateTime(e.timestamp(), zone) + "   " + e.type() + "   " + e.itemId() + (e.value() == null ? "" : "  (" + e.value() + ")"));
            setTooltip(new Tooltip("event " + e.eventId()));
            if (highlighted.contains(e.eventId())) getStyleClass().add("changed");
        }
    }

    private static Feather iconOf(String type) {
        return switch (type) {
            case "view" -> Feather.EYE;
            case "click" -> Feather.MOUSE_POINTER;
            case "add_to_cart" -> Feather.SHOPPING_CART;
            case "purchase" -> Feather.CREDIT_CARD;
            case "rating" -> Feather.STAR;
            case "skip" -> Feather.SKIP_FORWARD;
            default -> Feather.CIRCLE;
        };
    }

    private static Node counter(Map.Entry<String, Long> entry) {
        Label count = new Label(Long.toString(entry.getValue()));
        count.getStyleClass().add(Styles.TITLE_4);
        Label type = new Label(entry.getKey(), new FontIcon(iconOf(entry.getKey())));
        type.getStyleClass().add(Styles.TEXT_MUTED);
        VBox tile = new VBox(2, count, type);
        tile.getStyleClass().add("counter-tile");
        tile.setPadding(new Insets(8, 14, 8, 14));
        return tile;
    }

    /**
     * How much the user follows the crowd, as the summary says it: the node serves the user's lists with the weights
     * that do best for users of that share. Empty before any interaction was judged (or from a node that does not say).
     */
    static String crowdPart(CrowdFollowing crowd) {
        if (crowd == null || crowd.judged() == 0) return "";
        return " · took a popular item " + crowd.popular() + " of " + crowd.judged() + " times ("
                + Math.round(crowd.share() * 100) + "%)";
    }

    private static Label muted(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TEXT_MUTED);
        return label;
    }

    private static ScrollPane scroll(Node content) {
        ScrollPane pane = new ScrollPane(content);
        pane.setFitToWidth(true);
        return pane;
    }

    // ---- ConsoleView ----

    @Override
    public String title() {
        return "Users";
    }

    @Override
    public Feather icon() {
        return Feather.USERS;
    }

    @Override
    public KeyCombination shortcut() {
        return new KeyCodeCombination(KeyCode.DIGIT2, KeyCombination.SHORTCUT_DOWN);
    }

    @Override
    public Parent root() {
        return root;
    }

    @Override
    public void connected(Session s) {
        session = s;
        profile = null;
        detail.getChildren().setAll(new EmptyState(Feather.USER, "No user open", "Pick a user on the left to see the profile."));
        search(search.getText().trim());
    }

    @Override
    public void disconnected() {
        session = null;
        users.clear();
        profile = null;
        messages.clear();
        detail.getChildren().setAll(new EmptyState(Feather.LINK, "Not connected", "Connect to a node first (Ctrl+1)."));
    }

    @Override
    public void focusSearch() {
        search.requestFocus();
        search.selectAll();
    }
}
