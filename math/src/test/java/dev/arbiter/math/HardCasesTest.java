package dev.arbiter.math;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Status;
import dev.arbiter.core.Ticker;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our own hard cases ({@code hard-cases.jsonl}): equivalent pairs and tricky non-equivalent ones across every
 * feature of the issue. The gold is read with the gold extraction, the prediction with the prediction extraction.
 */
class HardCasesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<JsonNode> cases() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                HardCasesTest.class.getResourceAsStream("/hard-cases.jsonl"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        }
        return out;
    }

    @Test
    void everyHardCaseIsDecidedAsLabelled() throws IOException {
        MathVerifier verifier = MathVerifier.defaults();
        List<String> failures = new ArrayList<>();
        Map<String, int[]> perFeature = new TreeMap<>();
        List<JsonNode> all = cases();
        for (JsonNode c : all) {
            boolean want = c.get("equal").asBoolean();
            // a generous budget: the suite checks decisions, never speed
            Verdict v = verifier.verify(c.get("gold").asText(), c.get("pred").asText(),
                    Deadline.after(Duration.ofSeconds(20), Ticker.system()));
            boolean got = v.status() == Status.OK && v.equivalent();
            int[] counts = perFeature.computeIfAbsent(c.get("feature").asText(), k -> new int[2]);
            counts[1]++;
            if (got == want && v.status() != Status.TIMEOUT) {
                counts[0]++;
            } else {
                failures.add(c.get("feature").asText() + ": expected " + want + " for gold=" + c.get("gold").asText()
                        + " pred=" + c.get("pred").asText().replace("\n", "\\n") + " -> " + v.describe());
            }
        }
        perFeature.forEach((f, n) -> System.out.printf("hard cases %-16s %d/%d%n", f, n[0], n[1]));
        failures.forEach(f -> System.out.println("  FAIL " + f));
        assertTrue(all.size() >= 400, "the suite should hold several hundred pairs");
        assertTrue(failures.isEmpty(), failures.size() + " hard cases failed:\n" + String.join("\n", failures));
    }
}
