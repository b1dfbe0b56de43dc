package io.murmuration.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deploy/bin/admin-token} makes what the node accepts: a token whose entry, as printed, parses and matches it. */
class AdminTokenToolTest {

    // Tests run in the module's folder; the tool lives at the repository's root.
    private static final Path TOOL = Path.of("").toAbsolutePath().getParent().resolve("deploy/bin/admin-token");

    private record Run(int exitCode, String stdout, String stderr) {}

    private static Run run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", TOOL.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the tool finishes");
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void writesATokenTheNodeAcceptsUnderItsNameAndRole(@TempDir Path dir) throws Exception {
        Path tokenFile = dir.resolve("token");

        Run made = run("--token-out", tokenFile.toString(), "ops-carol", "operator");

        assertEquals(0, made.exitCode(), made.stderr());
        String token = Files.readString(tokenFile).trim();
        assertEquals(43, token.length(), "32 random bytes, base64url");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(tokenFile));
        AdminTokens tokens = AdminTokens.from(ConfigFactory.parseString("admin.tokens = \"" + made.stdout().trim() + "\""));
        assertEquals(Optional.of(new AdminTokens.Holder("ops-carol", AdminRole.OPERATOR)), tokens.holderOf(token));
    }

    @Test
    void printsTheTokenOnceAndAnEntryWithOnlyItsHash() throws Exception {
        Run made = run("dashboard", "viewer");

        assertEquals(0, made.exitCode(), made.stderr());
        String token = made.stdout().lines().map(String::trim).filter(l -> l.matches("[A-Za-z0-9_-]{43}")).findFirst().orElseThrow();
        String entry = made.stdout().lines().map(String::trim).filter(l -> l.startsWith("{ name")).findFirst().orElseThrow();
        AdminTokens tokens = AdminTokens.from(ConfigFactory.parseString("admin.tokens = [" + entry + "]"));
        assertEquals("dashboard", tokens.holderOf(token).orElseThrow().name());
        assertTrue(entry.contains(AdminTokens.sha256Hex(token)));
        assertEquals(1, made.stdout().split(token, -1).length - 1, "the token appears once");
    }

    @Test
    void makesADifferentTokenEveryTime(@TempDir Path dir) throws Exception {
        run("--token-out", dir.resolve("a").toString(), "a", "viewer");
        run("--token-out", dir.resolve("b").toString(), "b", "viewer");

        assertNotEquals(Files.readString(dir.resolve("a")), Files.readString(dir.resolve("b")));
    }

    @Test
    void refusesAnUnknownRoleOrAMalformedName() throws Exception {
        Run badRole = run("ops-carol", "admin");
        Run badName = run("ops:carol", "operator");

        assertEquals(2, badRole.exitCode());
        assertTrue(badRole.stderr().contains("ROLE must be viewer or operator"), badRole.stderr());
        assertEquals(2, badName.exitCode());
        assertTrue(badName.stderr().contains("NAME must be"), badName.stderr());
    }
}
