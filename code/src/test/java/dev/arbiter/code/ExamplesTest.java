package dev.arbiter.code;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Prompt;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Status;
import dev.arbiter.core.engine.Evaluator;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.arbiter.code.TestSupport.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example rollouts score as their {@code expected_score} under the example spec, through the engine's Evaluator. */
class ExamplesTest {

    @Test
    void exampleRolloutsScoreAsExpected() throws Exception {
        Path dir = Path.of("../examples/code");
        RewardSpec spec = RewardSpec.load(dir.resolve("spec.yaml"), RewardRegistry.fromServiceLoader());
        List<String> lines = Files.readAllLines(dir.resolve("rollouts.jsonl"));
        assertTrue(lines.size() >= 10);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try (Evaluator evaluator = new Evaluator(2)) {
            List<JsonNode> rows = new ArrayList<>();
            List<CompletableFuture<RewardResult>> results = new ArrayList<>();
            for (String line : lines) {
                JsonNode row = JSON.readTree(line);
                Sample s = new Sample(row.get("id").asText(), row.get("data_source").asText(),
                        new Prompt.Text(row.get("prompt").asText()), row.get("response").asText(), row.get("reference"),
                        "", null);
                rows.add(row);
                results.add(CompletableFuture.supplyAsync(() -> evaluator.score(spec.reward(), s, spec.deadline()),
                        callers));
            }
            for (int i = 0; i < rows.size(); i++) {
                String id = rows.get(i).get("id").asText();
                RewardResult r = results.get(i).join();
                assertEquals(Status.OK, r.status(), () -> id + ": " + r);
                assertEquals(rows.get(i).get("expected_score").asDouble(), r.score(), 1e-9, () -> id + ": " + r);
            }
        } finally {
            callers.shutdownNow();
        }
    }
}
