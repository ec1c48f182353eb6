package dev.arbiter.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With a token, everything but the health probes needs {@code Authorization: Bearer <token>}. */
class AuthTest {
    static final String TOKEN = "s3cret-token_42";
    static TestServer t;

    @BeforeAll
    static void start() {
        t = TestServer.start(b -> b.config.token(TOKEN));
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    @Test
    void everyEndpointButHealthNeedsTheToken() {
        String body = "{\"samples\": [{\"response\": \"a\", \"reference\": \"a\"}]}";
        for (String path : new String[] {"/v1/score", "/get_reward", "/v1/verl/compute_score", "/nowhere"}) {
            TestServer.Answer a = t.post(path, body, "Authorization", "Bearer wrong");
            assertEquals(401, a.status(), path);
            assertEquals("unauthorized", a.json().get("error").asText());
            assertEquals("Bearer", a.header("WWW-Authenticate"));
        }
        assertEquals(401, t.get("/metrics", "Authorization", "").status());
        assertEquals(401, t.get("/v1/rewards", "Authorization", "Basic czNjcmV0").status());
        assertEquals(200, t.get("/healthz", "Authorization", "Bearer wrong").status());
        assertEquals(200, t.get("/readyz", "Authorization", "Bearer wrong").status());
        assertEquals("\"pong\"", t.get("/v1/ping", "Authorization", "Bearer wrong").body());
        assertEquals(200, t.post("/v1/score", body).status());
        assertEquals(200, t.post("/v1/score", body, "Authorization", "bearer " + TOKEN).status());
        assertEquals(200, t.get("/metrics").status());
    }

    @Test
    void theCompareIsExactWhateverTheLength() {
        BearerAuth auth = new BearerAuth(TOKEN);
        assertTrue(auth.allows("Bearer " + TOKEN));
        assertTrue(auth.allows("Bearer   " + TOKEN + "  "));
        assertFalse(auth.allows("Bearer " + TOKEN.substring(0, TOKEN.length() - 1)));
        assertFalse(auth.allows("Bearer " + TOKEN + "x"));
        assertFalse(auth.allows("Bearer " + TOKEN.toUpperCase()));
        assertFalse(auth.allows(TOKEN));
        assertFalse(auth.allows("Bearer "));
        assertFalse(auth.allows(""));
        assertFalse(auth.allows(null));
    }

    @Test
    void tokenFiles(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve("token");
        Files.writeString(f, "  abc123\n");
        assertEquals("abc123", ServerConfig.readTokenFile(f));
        Files.writeString(f, "\n");
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.readTokenFile(f));
        Files.writeString(f, "two words");
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.readTokenFile(f));
        assertThrows(java.io.UncheckedIOException.class, () -> ServerConfig.readTokenFile(dir.resolve("missing")));
    }
}
