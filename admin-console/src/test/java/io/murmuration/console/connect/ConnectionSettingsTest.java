package io.murmuration.console.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionSettingsTest {

    @TempDir
    Path home;

    @Test
    void remembersUrlAndTokenWithTheTokenReadableByItsOwnerOnly() throws Exception {
        // given
        Path directory = home.resolve("murmuration-console");
        ConnectionSettings settings = new ConnectionSettings(directory);

        // when
        settings.remember("http://10.0.0.5:8081", "s3cret-token");

        // then a fresh instance reads both back, and only the owner may read the token or list the directory
        ConnectionSettings again = new ConnectionSettings(directory);
        assertEquals("http://10.0.0.5:8081", again.url());
        assertEquals(Optional.of("s3cret-token"), again.token());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(settings.tokenFile())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
        assertTrue(!Files.readString(directory.resolve("console.properties")).contains("s3cret-token"), "the token stays out of the properties");
    }

    @Test
    void forgettingTheTokenKeepsTheUrl() {
        ConnectionSettings settings = new ConnectionSettings(home.resolve("c"));
        settings.remember("http://127.0.0.1:9081", "t");

        settings.forgetToken();

        assertEquals(Optional.empty(), settings.token());
        assertEquals("http://127.0.0.1:9081", settings.url());
    }

    @Test
    void defaultsToTheLocalAdminPortWhenNothingIsRemembered() {
        assertEquals(ConnectionSettings.DEFAULT_URL, new ConnectionSettings(home.resolve("none")).url());
    }
}
