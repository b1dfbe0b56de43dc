package io.murmuration.console.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The node URL and token remembered between runs, in the OS user's configuration directory
 * ({@code $XDG_CONFIG_HOME/murmuration-console}, else {@code ~/.config/murmuration-console}; {@code %APPDATA%} on
 * Windows). The token lives in a file of its own readable by its owner only, written under that permission from the
 * start so it is never world-readable, even for an instant. The system property {@code murmuration.console.config}
 * names another directory (tests use one of their own).
 */
public final class ConnectionSettings {

    public static final String DEFAULT_URL = "http://127.0.0.1:8081";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private final Path directory;

    public ConnectionSettings(Path directory) {
        this.directory = directory;
    }

    /** The settings in the usual place for this user. */
    public static ConnectionSettings forCurrentUser() {
        String configured = System.getProperty("murmuration.console.config");
        if (configured != null && !configured.isBlank()) return new ConnectionSettings(Path.of(configured));
        String appData = System.getenv("APPDATA");
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = appData != null && System.getProperty("os.name", "").startsWith("Windows") ? Path.of(appData)
                : xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".config");
        return new ConnectionSettings(base.resolve("murmuration-console"));
    }

    public Path directory() {
        return directory;
    }

    public Path tokenFile() {
        return directory.resolve("token");
    }

    public String url() {
        Properties p = properties();
        return p.getProperty("url", DEFAULT_URL);
    }

    public boolean darkTheme() {
        return Boolean.parseBoolean(properties().getProperty("dark", "false"));
    }

    public Optional<String> token() {
        try {
            return Files.isRegularFile(tokenFile())
                    ? Optional.of(Files.readString(tokenFile(), StandardCharsets.UTF_8).trim()).filter(t -> !t.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Remembers the URL and the token (the token owner-only). */
    public void remember(String url, String token) {
        Properties p = properties();
        p.setProperty("url", url);
        writeProperties(p);
        writeOwnerOnly(tokenFile(), token);
    }

    public void rememberTheme(boolean dark) {
        Properties p = properties();
        p.setProperty("dark", Boolean.toString(dark));
        writeProperties(p);
    }

    /** Forgets the token (the URL stays). */
    public void forgetToken() {
        try {
            Files.deleteIfExists(tokenFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + tokenFile(), e);
        }
    }

    private Properties properties() {
        Properties p = new Properties();
        Path file = directory.resolve("console.properties");
        if (Files.isRegularFile(file)) {
            try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (IOException e) {
                // an unreadable file is as good as none: the defaults apply
            }
        }
        return p;
    }

    private void writeProperties(Properties p) {
        ensureDirectory();
        Path file = directory.resolve("console.properties");
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, "Murmuration console");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void ensureDirectory() {
        try {
            if (!Files.isDirectory(directory)) {
                if (posix()) Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
                else Files.createDirectories(directory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }

    private void writeOwnerOnly(Path file, String text) {
        ensureDirectory();
        try {
            Path temporary = directory.resolve(file.getFileName() + ".new");
            Files.deleteIfExists(temporary);
            if (posix()) Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            else Files.createFile(temporary);
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            if (posix()) Files.setPosixFilePermissions(file, OWNER_ONLY);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private boolean posix() {
        return directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
