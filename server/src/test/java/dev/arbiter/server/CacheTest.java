package dev.arbiter.server;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The optional result cache: keyed by spec signature and sample content; only reproducible outcomes are kept. */
class CacheTest {

    private static double hits(TestServer t, String reward) {
        Matcher m = Pattern.compile("arbiter_cache_hits_total\\{reward=\"" + reward + "\"} (\\S+)")
                .matcher(t.get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    @Test
    void sameSampleAndSpecHitTheCacheWithTheSameResult() {
        try (TestServer t = TestServer.start(b -> {
            b.spec("em", "exact_match");
            b.spec("em_strict", "{type: exact_match, normalize: none}");
            b.config.cacheSize(100);
        })) {
            String body = "{\"samples\": [{\"id\": \"1\", \"response\": \"The Seine\", \"reference\": \"seine\"}]}";
            String first = t.post("/v1/score", body).json().get("results").toString();
            assertEquals(0.0, hits(t, "em"));
            String second = t.post("/v1/score", body.replace("\"id\": \"1\"", "\"id\": \"2\"")).json().get("results").toString();
            assertEquals(first, second);
            assertEquals(1.0, hits(t, "em"), "the id is not part of the key");
            // another spec, another key, another result
            String strict = t.post("/v1/score/em_strict", body).json().get("results").toString();
            assertNotEquals(first, strict);
            assertEquals(0.0, hits(t, "em_strict"));
            // different content: a miss
            t.post("/v1/score", body.replace("The Seine", "the seine"));
            assertEquals(1.0, hits(t, "em"));
            // invalid input is reproducible, so it is cached too
            String bad = "{\"samples\": [{\"response\": \"x\", \"reference\": {\"nothing\": 1}}]}";
            t.post("/v1/score", bad);
            t.post("/v1/score", bad);
            assertEquals(2.0, hits(t, "em"));
        }
    }

    @Test
    void timeoutsAreNotCached() throws Exception {
        try (TestServer t = TestServer.start(b -> {
            b.spec("gate", "{type: test_gate, deadline: 100ms}");
            b.config.cacheSize(100);
        })) {
            String body = "{\"samples\": [{\"response\": \"wait-cache\"}]}";
            assertEquals("timeout", t.post("/v1/score", body).json().get("results").get(0).get("status").asText());
            assertEquals("timeout", t.post("/v1/score", body).json().get("results").get(0).get("status").asText());
            t.gate.awaitArrivals(2);   // both were evaluated
            assertEquals(0.0, hits(t, "gate"));
            t.gate.open();
        }
    }
}
