package dev.arbiter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code arbiter eureka propose | evaluate | select}, in-process, against a tiny local chat-completions server. */
class EurekaCliTest {
    static HttpServer server;
    static final List<JsonNode> REQUESTS = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path tmp;

    /** Answers by seed: 0 a valid spec, 1 an unknown type, 2 broken YAML, others prose. */
    static String answerFor(long seed) {
        return switch ((int) seed) {
            case 0 -> "Accuracy with a little format.\n```yaml\ntype: weighted\nrewards:\n  accuracy: {type: token_f1}\n"
                    + "  exact: {type: exact_match}\nweights: {accuracy: 0.8, exact: 0.2}\n```\n";
            case 1 -> "```yaml\ntype: answer_accuracy\n```";
            case 2 -> "```yaml\ntype: weighted\nrewards: {a: [\n```";
            default -> "No spec today.";
        };
    }

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/v1/chat/completions", ex -> {
            JsonNode body = JsonRowCodec.MAPPER.readTree(ex.getRequestBody().readAllBytes());
            REQUESTS.add(body);
            ObjectNode o = JsonRowCodec.MAPPER.createObjectNode();
            ArrayNode choices = o.putArray("choices");
            ObjectNode c = choices.addObject().put("index", 0).put("finish_reason", "stop");
            c.putObject("message").put("role", "assistant").put("content", answerFor(body.path("seed").asLong()));
            byte[] out = o.toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    static String endpoint() {
        return "{base_url: 'http://127.0.0.1:" + server.getAddress().getPort() + "/v1', model: writer, max_attempts: 1}";
    }

    static JsonNode json(Path p) throws IOException {
        return JsonRowCodec.MAPPER.readTree(p.toFile());
    }

    Path propose(String dir, String... extra) throws IOException {
        Path task = tmp.resolve("task.txt");
        Files.writeString(task, "Answer short factual questions; the reference is the answer.");
        Path out = tmp.resolve(dir);
        List<String> args = new ArrayList<>(List.of("eureka", "propose", "--task", task.toString(), "--endpoint", endpoint(),
                "--k", "4", "--types", "text", "--out", out.toString()));
        args.addAll(List.of(extra));
        CliTest.Run r = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("1 of 4 candidates valid"), r.out());
        return out;
    }

    @Test
    void proposeWritesValidatedCandidatesDeterministically() throws IOException {
        Path a = propose("a");
        JsonNode cj = json(a.resolve("candidates.json"));
        assertEquals(4, cj.get("k").asInt());
        assertEquals("writer", cj.get("model").asText());
        JsonNode cs = cj.get("candidates");
        assertTrue(cs.get(0).get("valid").asBoolean(), cs.get(0).toString());
        assertTrue(cs.get(0).get("signature").asText().startsWith("weighted@1(rewards={accuracy:token_f1@1("), cs.get(0).toString());
        assertFalse(cs.get(1).get("valid").asBoolean());
        assertTrue(cs.get(1).get("error").asText().contains("unknown reward type 'answer_accuracy'"), cs.get(1).toString());
        assertTrue(cs.get(2).get("error").asText().contains("not valid YAML"), cs.get(2).toString());
        assertFalse(cs.get(3).get("valid").asBoolean());
        assertTrue(Files.readString(a.resolve("candidate-0.yaml")).startsWith("type: weighted\n"));
        assertTrue(Files.exists(a.resolve("candidate-1.yaml")), "invalid specs are kept for inspection");
        JsonNode types = cj.get("types");
        List<String> offered = new ArrayList<>();
        types.forEach(t -> offered.add(t.asText()));
        assertTrue(offered.contains("token_f1") && offered.contains("weighted") && !offered.contains("math"), offered.toString());
        JsonNode messages = json(a.resolve("messages.json"));
        assertEquals(2, messages.size());
        assertTrue(messages.get(1).get("content").asText().contains("Answer short factual questions"));

        Path b = propose("b");
        for (String f : List.of("candidates.json", "messages.json", "candidate-0.yaml", "candidate-1.yaml")) {
            assertEquals(Files.readString(a.resolve(f)), Files.readString(b.resolve(f)), f + " is the same for the same inputs");
        }
    }

    @Test
    void proposeSendsTheReflectionAsTheNextTurns() throws IOException {
        Path refl = tmp.resolve("reflection.md");
        Files.writeString(refl, "<<<assistant>>>\nthe old answer\n<<<user>>>\ntask_score: [0.00], max 0.00\n");
        REQUESTS.clear();
        propose("c", "--reflection", refl.toString(), "--seed", "0");
        assertEquals(4, REQUESTS.size());
        JsonNode msgs = REQUESTS.get(0).get("messages");
        assertEquals(4, msgs.size());
        assertEquals("the old answer", msgs.get(2).get("content").asText());
        assertEquals("task_score: [0.00], max 0.00", msgs.get(3).get("content").asText());
    }

    @Test
    void proposeRefusesABadEndpointAndAMissingTask() throws IOException {
        Path task = tmp.resolve("t.txt");
        Files.writeString(task, "x");
        CliTest.Run bad = CliTest.run("eureka", "propose", "--task", task.toString(), "--endpoint", "{model: m}", "--out", tmp.toString());
        assertEquals(2, bad.exit(), bad.err());
        assertTrue(bad.err().contains("base_url"), bad.err());
        CliTest.Run missing = CliTest.run("eureka", "propose", "--task", tmp.resolve("none.txt").toString(), "--endpoint", endpoint(),
                "--out", tmp.toString());
        assertEquals(3, missing.exit(), missing.err());
    }

    @Test
    void evaluateCorrelatesCandidatesWithAGroundTruthSpecAndField() throws IOException {
        Path in = tmp.resolve("rollouts.jsonl");
        Files.writeString(in, String.join("\n",
                "{\"id\": 1, \"response\": \"Paris\", \"reference\": \"Paris\", \"human\": 1.0}",
                "{\"id\": 2, \"response\": \"paris france\", \"reference\": \"Paris\", \"human\": 0.5}",
                "{\"id\": 3, \"response\": \"London\", \"reference\": \"Paris\", \"human\": 0.0}",
                "{\"id\": 4, \"response\": \"the Paris\", \"reference\": \"Paris\", \"human\": 1.0}",
                "not json") + "\n");
        Path out = tmp.resolve("eval.json");
        CliTest.Run r = CliTest.run("eureka", "evaluate", "--in", in.toString(), "--ground-truth", "token_f1",
                "--out", out.toString(), "--threads", "2", "exact_match",
                "{type: weighted, rewards: {em: exact_match, f1: token_f1}}");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = json(out);
        assertEquals(4, j.get("samples").asInt());
        assertEquals(1, j.get("skipped").asInt());
        JsonNode em = j.get("candidates").get(0);
        assertEquals(0.5, em.at("/score/mean").asDouble(), 1e-12);
        // exact_match [1, 0, 0, 1] vs token_f1 [1, 2/3, 0, 1]: r = sqrt(2/3)
        assertEquals(Math.sqrt(2.0 / 3.0), em.at("/score/correlation").asDouble(), 1e-9);
        assertEquals(4, em.at("/score/paired").asInt());
        JsonNode w = j.get("candidates").get(1);
        assertEquals(1.0, w.at("/components/f1/correlation").asDouble(), 1e-12);
        assertEquals(Math.sqrt(2.0 / 3.0), w.at("/components/em/correlation").asDouble(), 1e-9);
        assertTrue(r.out().contains("corr"), r.out());

        CliTest.Run f = CliTest.run("eureka", "evaluate", "--in", in.toString(), "--ground-truth-field", "human", "exact_match");
        assertEquals(0, f.exit(), f.err());
        JsonNode jf = JsonRowCodec.MAPPER.readTree(f.out());
        assertEquals("field:human", jf.get("ground_truth").asText());
        // exact_match [1, 0, 0, 1] vs human [1, 0.5, 0, 1]
        assertEquals(0.75 / Math.sqrt(0.6875), jf.at("/candidates/0/score/correlation").asDouble(), 1e-9);

        CliTest.Run bad = CliTest.run("eureka", "evaluate", "--in", in.toString(), "{type: no_such_type}");
        assertEquals(2, bad.exit(), bad.err());
    }

    @Test
    void selectPicksTheFirstBestWritesTheReflectionAndKeepsState() throws IOException {
        Path cands = propose("p");
        // make candidates 2 and 3 look valid to the trainer by rewriting candidates.json: the trainer ran 0, 2, 3
        ObjectNode cj = (ObjectNode) json(cands.resolve("candidates.json"));
        for (int i : new int[] {2, 3}) {
            ObjectNode c = (ObjectNode) cj.get("candidates").get(i);
            c.put("valid", true).putNull("error").put("spec", "type: token_f1").put("signature", "token_f1@1").put("signature_id", "x");
        }
        Files.writeString(cands.resolve("candidates.json"), cj.toString());
        Path runs = tmp.resolve("runs.json");
        Files.writeString(runs, """
                {"runs": [
                  {"index": 0, "fitness": [0.0, 0.1, 0.2], "components": {"accuracy": [0.1, 0.2, 0.3], "exact": [0, 0, 0]},
                   "reward": [0.1, 0.2, 0.4], "gt_reward": [0.0, 0.1, 0.2]},
                  {"index": 2, "status": "failed", "error": "trainer: CUDA out of memory"},
                  {"index": 3, "fitness": [0.2, 0.2, 0.1]}
                ]}""");
        Path state = tmp.resolve("state.json");
        Path out = tmp.resolve("sel");
        CliTest.Run r = CliTest.run("eureka", "select", "--runs", runs.toString(), "--candidates", cands.toString(),
                "--state", state.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("best: candidate 0, fitness 0.2000, execute rate 0.50"), r.out());
        JsonNode sel = json(out.resolve("selection.json"));
        assertEquals(0, sel.get("index").asInt(), "0.2 is reached first by candidate 0");
        assertEquals(0.5, sel.get("execute_rate").asDouble());
        assertEquals(4, sel.get("k").asInt());
        assertEquals(-10000.0, sel.at("/candidates/1/fitness").asDouble());
        assertTrue(sel.at("/candidates/1/error").asText().contains("unknown reward type"));
        assertEquals(-10000.0, sel.at("/candidates/2/fitness").asDouble());
        String refl = Files.readString(out.resolve("reflection.md"));
        assertTrue(refl.startsWith("<<<assistant>>>\nAccuracy with a little format."), refl);
        assertTrue(refl.contains("task_score: [0.00, 0.10, 0.20], max 0.20, mean 0.10, min 0.00"), refl);
        assertTrue(refl.contains("accuracy: [0.10, 0.20, 0.30], max 0.30, mean 0.20, min 0.10"), refl);
        assertTrue(refl.contains("exact: [0.00, 0.00, 0.00]"), refl);
        assertTrue(refl.contains("ground-truth reward: 0.98"), refl);
        assertEquals(0, json(state).at("/best/index").asInt());

        // the next iteration: every candidate fails, so the reflection is the previous one and the best stays
        Path runs2 = tmp.resolve("runs2.json");
        Files.writeString(runs2, "[{\"index\": 0, \"error\": \"boom\"}, {\"index\": 1, \"error\": \"bang\"}]");
        Path out2 = tmp.resolve("sel2");
        CliTest.Run r2 = CliTest.run("eureka", "select", "--runs", runs2.toString(), "--reflection", out.resolve("reflection.md").toString(),
                "--state", state.toString(), "--out", out2.toString());
        assertEquals(0, r2.exit(), r2.err());
        assertTrue(r2.out().contains("all 2 candidates failed"), r2.out());
        assertEquals(refl, Files.readString(out2.resolve("reflection.md")));
        JsonNode sel2 = json(out2.resolve("selection.json"));
        assertTrue(sel2.get("index").isNull());
        assertEquals(0.0, sel2.get("execute_rate").asDouble());
        JsonNode st = json(state);
        assertEquals(2, st.get("iterations").size());
        assertEquals(0, st.at("/best/iteration").asInt());

        CliTest.Run missing = CliTest.run("eureka", "select", "--runs", tmp.resolve("nope.json").toString(), "--out", out2.toString());
        assertEquals(3, missing.exit(), missing.err());
        Files.writeString(runs2, "[{\"index\": 9, \"fitness\": 1}]");
        CliTest.Run outOfRange = CliTest.run("eureka", "select", "--runs", runs2.toString(), "--candidates", cands.toString(),
                "--out", out2.toString());
        assertEquals(2, outOfRange.exit(), outOfRange.err());
    }
}
