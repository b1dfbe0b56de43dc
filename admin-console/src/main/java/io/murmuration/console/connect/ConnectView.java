package io.murmuration.console.connect;

import atlantafx.base.theme.Styles;
import io.murmuration.console.api.AdminApiException;
import io.murmuration.console.api.AdminClient;
import io.murmuration.console.api.Identity;
import io.murmuration.console.shell.BackgroundWork;
import io.murmuration.console.shell.ConsoleView;
import io.murmuration.console.shell.MessageBar;
import io.murmuration.console.shell.Session;
import io.murmuration.protocol.ApiVersion;
import io.murmuration.protocol.ClusterMember;
import io.murmuration.protocol.ClusterResponse;
import io.murmuration.protocol.WhoAmIResponse;
import java.net.URI;
import java.util.List;
import java.util.function.BiConsumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Where the operator names the node and the token. Connecting asks the node who the token is ({@code GET
 * /admin/whoami}), which also tells whether the node speaks this console's admin API, then reads the cluster; the
 * token's name and role and the node's versions are shown. An unreachable node, a refused token or a node of another
 * version is said in the window with what to do.
 */
public final class ConnectView implements ConsoleView {

    /** A successful connection: the client, who the token is, the node as it describes itself, and the cluster as first read. */
    public record Connected(AdminClient client, Identity identity, WhoAmIResponse node, ClusterResponse cluster) {}

    private final ConnectionSettings settings;
    private final BiConsumer<Connected, Boolean> onConnected;
    private final Runnable onDisconnect;
    private final VBox root = new VBox(16);
    private final TextField url = new TextField();
    private final PasswordField token = new PasswordField();
    private final CheckBox remember = new CheckBox("Remember the URL and token on this computer (owner-only file)");
    private final Button connect = new Button("Connect", new FontIcon(Feather.LOG_IN));
    private final Button disconnect = new Button("Disconnect", new FontIcon(Feather.LOG_OUT));
    private final MessageBar messages = new MessageBar();
    private final Label identity = new Label("Not connected");
    private final Label role = new Label();
    private final Label node = new Label();

    public ConnectView(ConnectionSettings settings, BiConsumer<Connected, Boolean> onConnected, Runnable onDisconnect) {
        this.settings = settings;
        this.onConnected = onConnected;
        this.onDisconnect = onDisconnect;
        build();
    }

    private void build() {
        root.setPadding(new Insets(24));
        root.setMaxWidth(720);
        Label title = new Label("Connect to a node");
        title.getStyleClass().add(Styles.TITLE_2);
        Label hint = new Label("The admin API of any node of the cluster, and a token made with deploy/bin/admin-token "
                + "(deploy/dev up prints an operator's and a viewer's).");
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        hint.setWrapText(true);

        url.setId("node-url");
        url.setText(settings.url());
        url.setPromptText(ConnectionSettings.DEFAULT_URL);
        token.setId("token");
        token.setPromptText("bearer token");
        settings.token().ifPresent(token::setText);
        remember.setId("remember");
        remember.setSelected(true);
        connect.setId("connect");
        connect.setDefaultButton(true);
        connect.getStyleClass().add(Styles.ACCENT);
        connect.setOnAction(e -> connect());
        disconnect.setId("disconnect");
        disconnect.setDisable(true);
        disconnect.setOnAction(e -> disconnect());

        GridPane form = new GridPane();
        form.setHgap(12);
        form.setVgap(12);
        form.addRow(0, new Label("Node URL"), url);
        form.addRow(1, new Label("Token"), token);
        form.add(remember, 1, 2);
        url.setPrefColumnCount(32);
        HBox buttons = new HBox(8, connect, disconnect);
        form.add(buttons, 1, 3);

        identity.setId("identity");
        identity.getStyleClass().add(Styles.TITLE_4);
        role.setId("role");
        node.setId("node-info");
        node.getStyleClass().add(Styles.TEXT_MUTED);
        node.setWrapText(true);
        VBox card = new VBox(6, identity, role, node);
        card.getStyleClass().add("card-pane");
        card.setPadding(new Insets(16));
        card.setAlignment(Pos.CENTER_LEFT);

        root.getChildren().addAll(title, hint, messages, form, card);
    }

    /** Fills the fields and connects, as the screenshot command and tests do. */
    public void connect(String nodeUrl, String bearerToken) {
        url.setText(nodeUrl);
        token.setText(bearerToken);
        connect();
    }

    /** Connects with the remembered URL and token, if there is a token. */
    public void connectIfRemembered() {
        if (!token.getText().isBlank()) connect();
    }

    private void connect() {
        messages.clear();
        String target = url.getText().trim();
        String secret = token.getText().trim();
        if (secret.isEmpty()) {
            messages.problem(new AdminApiException(AdminApiException.Kind.TOKEN_REFUSED, 0, "No token given.",
                    "Paste the admin token; deploy/dev up prints one of each role."));
            return;
        }
        URI base;
        try {
            base = URI.create(target);
            if (base.getScheme() == null || base.getHost() == null) throw new IllegalArgumentException();
        } catch (IllegalArgumentException e) {
            messages.problem(new AdminApiException(AdminApiException.Kind.UNREACHABLE, 0, "'" + target + "' is not a URL.",
                    "Give the admin API's URL, e.g. " + ConnectionSettings.DEFAULT_URL + "."));
            return;
        }
        AdminClient client = new AdminClient(base, secret);
        connect.setDisable(true);
        identity.setText("Connecting to " + base + " …");
        role.setText("");
        node.setText("");
        BackgroundWork.run(() -> {
            WhoAmIResponse who = client.whoAmI();
            ClusterResponse cluster = client.cluster();
            return new Connected(client, Identity.of(who), who, cluster);
        }, connected -> {
            connect.setDisable(false);
            disconnect.setDisable(false);
            if (remember.isSelected()) settings.remember(target, secret);
            else settings.forgetToken();
            show(connected);
            onConnected.accept(connected, remember.isSelected());
        }, problem -> {
            connect.setDisable(false);
            identity.setText("Not connected");
            messages.problem(problem);
        });
    }

    private void show(Connected connected) {
        Identity who = connected.identity();
        identity.setText("Connected as " + who.name());
        role.setText(who.mayChange()
                ? "Role: operator — reads and changes (train, activate, roll back, acknowledge)"
                : "Role: viewer — reads only; the node refuses this token's changes, so the console offers none");
        role.getStyleClass().setAll("label", who.mayChange() ? Styles.SUCCESS : Styles.WARNING);
        WhoAmIResponse self = connected.node();
        ClusterResponse cluster = connected.cluster();
        List<String> versions = cluster.members().stream().map(ClusterMember::appVersion).distinct().toList();
        String others = versions.size() > 1 ? " (members run " + String.join(", ", versions) + ")" : "";
        node.setText("Node " + self.node() + " at " + connected.client().base() + "\n"
                + "Runs Murmuration " + self.appVersion() + " · admin API " + self.apiVersion() + " (this console's: "
                + ApiVersion.CURRENT + ") · " + cluster.members().size() + " member(s) in the cluster" + others);
        if (!who.mayChange()) {
            messages.info("Read-only", "The token '" + who.name() + "' has the viewer role: it reads everything, and the "
                    + "node refuses its changes (train, activate, roll back, acknowledge), so the console offers none.");
        }
    }

    private void disconnect() {
        disconnect.setDisable(true);
        identity.setText("Not connected");
        role.setText("");
        node.setText("");
        messages.clear();
        onDisconnect.run();
    }

    @Override
    public String title() {
        return "Connect";
    }

    @Override
    public Feather icon() {
        return Feather.LINK;
    }

    @Override
    public KeyCombination shortcut() {
        return new KeyCodeCombination(KeyCode.DIGIT1, KeyCombination.SHORTCUT_DOWN);
    }

    @Override
    public Parent root() {
        return root;
    }

    @Override
    public void connected(Session session) {}

    @Override
    public void disconnected() {}

    @Override
    public void focusSearch() {
        url.requestFocus();
    }
}
