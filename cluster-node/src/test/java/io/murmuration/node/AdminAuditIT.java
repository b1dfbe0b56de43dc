package io.murmuration.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.murmuration.node.RealInfrastructure.Run;
import io.murmuration.protocol.AuditEntry;
import io.murmuration.protocol.AuditResponse;
import io.murmuration.protocol.ProtocolJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin API's roles and audit trail on a real node and the real Cassandra: the trail is kept in the journal,
 * so the changes asked for before a restart are listed after it, under the names of the tokens that asked.
 */
class AdminAuditIT {

    private static Run run;
    private static MurmurationNode node;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startNode() {
        RealInfrastructure.ensureRunning();
        run = Run.create("audit");
        run.prepare();
        node = MurmurationNode.start(run.nodeConfig());
    }

    @AfterAll
    static void stopNode() {
        if (node != null) node.close();
    }

    @Test
    void listsTheChangesAskedForBeforeARestartUnderTheirTokensNames() throws Exception {
        // given a viewer reads, then asks for a rollback, and an operator asks for one with nothing to roll back to
        assertEquals(200, admin("GET", "/admin/models", RealInfrastructure.VIEWER_TOKEN, null).statusCode());
        assertEquals(403, admin("POST", "/admin/models/rollback", RealInfrastructure.VIEWER_TOKEN, "{\"reason\":\"look\"}").statusCode());
        assertEquals(409, admin("POST", "/admin/models/rollback", RealInfrastructure.ADMIN_TOKEN, "{\"reason\":\"undo\"}").statusCode());

        // when the node restarts on the same keyspace
        node.close();
        node = MurmurationNode.start(run.nodeConfig());

        // then the audit trail lists both changes, newest first, with who asked, why, and how each ended
        HttpResponse<String> r = admin("GET", "/admin/audit", RealInfrastructure.VIEWER_TOKEN, null);
        assertEquals(200, r.statusCode(), r.body());
        List<AuditEntry> changes = ProtocolJson.read(r.body().getBytes(StandardCharsets.UTF_8), AuditResponse.class).changes();
        assertEquals(2, changes.size(), r.body());
        assertEquals(RealInfrastructure.ADMIN_TOKEN_NAME, changes.get(0).who());
        assertEquals("undo", changes.get(0).reason());
        assertEquals("refused", changes.get(0).outcome());
        assertEquals("there is no previously active version to roll back to", changes.get(0).error());
        assertEquals(RealInfrastructure.VIEWER_TOKEN_NAME, changes.get(1).who());
        assertEquals("rollback", changes.get(1).action());
        assertEquals("refused", changes.get(1).outcome());
    }

    private static HttpResponse<String> admin(String method, String path, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminPort() + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
