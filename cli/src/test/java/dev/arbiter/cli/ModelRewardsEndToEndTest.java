package dev.arbiter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.server.ArbiterServer;
import dev.arbiter.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bundled tiny ONNX reward model (examples/models/tiny-rm) scores the example rollouts through {@code arbiter
 * score} and through the HTTP server, with the same scores either way and with any number of threads.
 */
class ModelRewardsEndToEndTest {
    static final Path SPEC = CliTest.EXAMPLES.resolve("models").resolve("scalar-rm.yaml");
    static final Path ROLLOUTS = CliTest.EXAMPLES.resolve("rollouts.jsonl");

    @TempDir
    Path tmp;

    private List<JsonNode> score(String threads) throws Exception {
        Path out = tmp.resolve("out-" + threads + ".jsonl");
        // the spec names its model directory relative to the repository root, as the README runs it
        String spec = Files.readString(SPEC).replace("model_dir: examples/", "model_dir: " + CliTest.EXAMPLES + "/");
        Path specFile = tmp.resolve("scalar-rm.yaml");
        Files.writeString(specFile, spec);
        CliTest.Run r = CliTest.run("score", "--spec", specFile.toString(), "--in", ROLLOUTS.toString(), "--out",
                out.toString(), "--threads", threads);
        assertEquals(0, r.exit(), r.err());
        return CliTest.rows(out);
    }

    @Test
    void theTinyRewardModelScoresTheExampleRolloutsThroughScoreAndServe() throws Exception {
        List<JsonNode> one = score("1");
        List<JsonNode> four = score("4");
        List<JsonNode> in = CliTest.rows(ROLLOUTS);
        assertEquals(in.size(), one.size());
        for (int i = 0; i < one.size(); i++) {
            JsonNode reward = one.get(i).get("reward");
            assertEquals("ok", reward.path("status").asText(), reward.toString());
            double s = reward.path("score").asDouble();
            assertTrue(s > 0 && s < 1, "sigmoid of the raw score: " + s);
            assertEquals(s, four.get(i).at("/reward/score").asDouble(), 0.0, "threads must not change a score");
        }
        assertTrue(one.stream().map(r -> r.at("/reward/score").asDouble()).distinct().count() > 1,
                "different rollouts, different scores");

        String spec = Files.readString(tmp.resolve("scalar-rm.yaml"));
        try (RewardRegistry registry = RewardRegistry.fromServiceLoader()) {
            ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(0)
                    .spec("rm", RewardSpec.resolve(spec, registry)).build();
            ArbiterServer server = ArbiterServer.start(config, registry);
            try {
                ObjectNode body = JsonRowCodec.MAPPER.createObjectNode();
                ArrayNode samples = body.putArray("samples");
                in.forEach(samples::add);
                HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + server.port() + "/v1/score/rm"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, resp.statusCode(), resp.body());
                JsonNode results = JsonRowCodec.MAPPER.readTree(resp.body()).path("results");
                assertEquals(in.size(), results.size());
                for (int i = 0; i < in.size(); i++) {
                    assertEquals("ok", results.get(i).path("status").asText());
                    assertEquals(one.get(i).at("/reward/score").asDouble(), results.get(i).path("score").asDouble(), 0.0,
                            "the server and arbiter score agree on row " + i);
                }
            } finally {
                server.close();
            }
        }
    }

    /**
     * SPA-RL in two passes, as examples/models/progress-rm.yaml and spa-rl-step.yaml document it: {@code progress_rm}
     * writes each rollout's per-step c_k into its result details, then {@code spa_rl_step} reads them merged into meta
     * ({@code --meta-field extra_info,reward.details}).
     */
    @Test
    void spaRlTwoPassPipelineOverTheExampleAgentRollouts() throws Exception {
        Path models = CliTest.EXAMPLES.resolve("models");
        Path spec1 = tmp.resolve("progress-rm.yaml");
        Files.writeString(spec1, Files.readString(models.resolve("progress-rm.yaml"))
                .replace("model_dir: examples/", "model_dir: " + CliTest.EXAMPLES + "/"));
        Path in = models.resolve("agent-rollouts.jsonl");
        Path pass1 = tmp.resolve("pass1.jsonl");
        CliTest.Run r1 = CliTest.run("score", "--spec", spec1.toString(), "--in", in.toString(), "--out", pass1.toString());
        assertEquals(0, r1.exit(), r1.err());
        Path paper = tmp.resolve("paper.jsonl");
        CliTest.Run r2 = CliTest.run("score", "--spec", models.resolve("spa-rl-step.yaml").toString(), "--in",
                pass1.toString(), "--out", paper.toString(), "--meta-field", "extra_info,reward.details",
                "--result-field", "spa");
        assertEquals(0, r2.exit(), r2.err());
        Path script = tmp.resolve("script.jsonl");
        CliTest.Run r3 = CliTest.run("score", "--spec", "{type: spa_rl_step}", "--in", pass1.toString(), "--out",
                script.toString(), "--meta-field", "extra_info,reward.details", "--result-field", "spa");
        assertEquals(0, r3.exit(), r3.err());
        List<JsonNode> rows = CliTest.rows(in);
        List<JsonNode> p1 = CliTest.rows(pass1);
        List<JsonNode> p2 = CliTest.rows(paper);
        assertEquals(4, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode c = p1.get(i).at("/reward/details/turn_values");
            assertEquals(3, c.size(), p1.get(i).toString());
            JsonNode obs = rows.get(i).at("/extra_info/observations");
            double expected = 0.5; // the last step always grounds
            for (int k = 0; k < 3; k++) {
                expected += c.get(k).asDouble();
                if (k < 2 && !obs.get(k).asText().contains("Nothing happens")) {
                    expected += 0.5;
                }
            }
            assertEquals("ok", p2.get(i).at("/spa/status").asText(), p2.get(i).toString());
            assertEquals(expected, p2.get(i).at("/spa/score").asDouble(), 1e-9, "paper mode: Σ (c_k + grounding_k)");
        }
        // the released script discards c_k: rollout 0 is the catalog's B11d example, placed [2.3333, 0.6667, 0]
        assertEquals(3.0, CliTest.rows(script).get(0).at("/spa/score").asDouble(), 1e-4);
    }
}
