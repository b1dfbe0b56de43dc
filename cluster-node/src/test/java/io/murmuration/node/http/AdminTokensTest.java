package io.murmuration.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminTokensTest {

    private static final String ALICE_TOKEN = "alice-secret-token";
    private static final String VIEWER_TOKEN = "dashboard-secret-token";
    private static final String ALICE_SHA = AdminTokens.sha256Hex(ALICE_TOKEN);
    private static final String VIEWER_SHA = AdminTokens.sha256Hex(VIEWER_TOKEN);

    private static AdminTokens parse(String hocon) {
        return AdminTokens.from(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.parseString("admin.tokens = []")));
    }

    private static String refusal(String hocon) {
        ConfigException e = assertThrows(ConfigException.BadValue.class, () -> parse(hocon));
        assertTrue(e.getMessage().contains("murmuration.admin.tokens"), "names the key: " + e.getMessage());
        return e.getMessage();
    }

    private static final String BOTH_AS_LIST = """
            admin.tokens = [
              { name = "ops-alice", role = operator, sha256 = "%s" },
              { name = "dashboard", role = viewer, sha256 = "%s" }
            ]
            """.formatted(ALICE_SHA, VIEWER_SHA);

    @Test
    void hashesATokenAsSha256Hex() {
        // the well-known SHA-256 of "abc"
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", AdminTokens.sha256Hex("abc"));
    }

    @Test
    void findsTheHolderOfAConfiguredTokenWithItsRole() {
        AdminTokens tokens = parse(BOTH_AS_LIST);

        assertEquals(Optional.of(new AdminTokens.Holder("ops-alice", AdminRole.OPERATOR)), tokens.holderOf(ALICE_TOKEN));
        assertEquals(Optional.of(new AdminTokens.Holder("dashboard", AdminRole.VIEWER)), tokens.holderOf(VIEWER_TOKEN));
        assertTrue(tokens.holderOf(ALICE_TOKEN).get().role().mayChange());
        assertFalse(tokens.holderOf(VIEWER_TOKEN).get().role().mayChange());
    }

    @Test
    void knowsNoHolderForAWrongToken() {
        AdminTokens tokens = parse(BOTH_AS_LIST);

        assertEquals(Optional.empty(), tokens.holderOf("alice-secret-toke"));
        assertEquals(Optional.empty(), tokens.holderOf(ALICE_TOKEN + " "));
        assertEquals(Optional.empty(), tokens.holderOf(""));
        assertEquals(Optional.empty(), tokens.holderOf(ALICE_SHA), "the hash is not the token");
    }

    @Test
    void readsTheCompactFormOfTheEnvironment() {
        AdminTokens tokens = parse("admin.tokens = \"ops-alice:operator:" + ALICE_SHA + ", dashboard:viewer:"
                + VIEWER_SHA.toUpperCase() + "\"");

        assertEquals(2, tokens.size());
        assertEquals("dashboard", tokens.holderOf(VIEWER_TOKEN).orElseThrow().name());
        assertEquals("ops-alice (operator), dashboard (viewer)", tokens.describe());
    }

    @Test
    void theEnvironmentVariableReplacesTheListOfReferenceConf() {
        var config = ConfigFactory.parseString("""
                murmuration.admin.tokens = []
                murmuration.admin.tokens = ${?MURMURATION_ADMIN_TOKENS}
                """)
                .withFallback(ConfigFactory.parseMap(java.util.Map.of("MURMURATION_ADMIN_TOKENS", "ops-alice:operator:" + ALICE_SHA)))
                .resolve();

        AdminTokens tokens = AdminTokens.from(config.getConfig("murmuration"));

        assertEquals("ops-alice", tokens.holderOf(ALICE_TOKEN).orElseThrow().name());
    }

    @Test
    void refusesToStartWithoutATokenNamingTheKeyAndTheVariable() {
        assertTrue(refusal("admin.tokens = []").contains("MURMURATION_ADMIN_TOKENS"));
        refusal("admin.tokens = \"\"");
    }

    @Test
    void refusesMalformedEntriesNamingTheKeyAndTheEntry() {
        assertTrue(refusal("admin.tokens = [{ name = a, role = admin, sha256 = \"" + ALICE_SHA + "\" }]")
                .contains("entry 1 (a): role must be viewer or operator"));
        assertTrue(refusal("admin.tokens = [{ name = a, role = viewer }]").contains("entry 1 has no sha256"));
        assertTrue(refusal("admin.tokens = \"a:viewer:" + ALICE_SHA + ",b:viewer\"").contains("entry 2 must be 'name:role:sha256'"));
        assertTrue(refusal("admin.tokens = [{ name = \"a b\", role = viewer, sha256 = \"" + ALICE_SHA + "\" }]")
                .contains("entry 1: name must be"));
        assertTrue(refusal("admin.tokens = 42").contains("must be a list"));
        assertTrue(refusal("admin.tokens = [{ name = a, role = viewer, sha256 = \"" + ALICE_SHA + "\", token = x }]")
                .contains("unknown field 'token'"));
    }

    @Test
    void refusesATokenInClearWhereItsHashBelongsWithoutRepeatingIt() {
        String message = refusal("admin.tokens = \"ops-alice:operator:" + ALICE_TOKEN + "\"");

        assertTrue(message.contains("entry 1 (ops-alice): sha256 must be 64 hex digits"), message);
        assertFalse(message.contains(ALICE_TOKEN), "the token must not reach a log");
    }

    @Test
    void refusesTwoEntriesWithOneNameOrOneToken() {
        assertTrue(refusal("admin.tokens = \"a:viewer:" + ALICE_SHA + ",a:operator:" + VIEWER_SHA + "\"")
                .contains("entries 1 and 2 are both named 'a'"));
        assertTrue(refusal("admin.tokens = \"a:viewer:" + ALICE_SHA + ",b:operator:" + ALICE_SHA + "\"")
                .contains("entries 1 and 2 have the same sha256"));
    }
}
