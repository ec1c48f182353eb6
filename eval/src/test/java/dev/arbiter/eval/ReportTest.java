package dev.arbiter.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.eval.data.InputFiles;
import dev.arbiter.eval.report.ReportFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** results.json, report.md and report.html: contents and shape. (Rendering in Chromium: {@link ChromiumRenderTest}.) */
class ReportTest {

    @Test
    void threeFilesWithHeadlineSectionsSubsetsAndItems(@TempDir Path tmp) throws IOException {
        EvalReport r = new EvalRunner().run(EvalRequest.builder("rewardbench").data(Examples.eval("rewardbench-sample.jsonl"))
                .spec(Examples.eval("token-f1.yaml").toString()).outDir(tmp).build());
        JsonNode j = InputFiles.JSON.readTree(tmp.resolve(ReportFiles.RESULTS_JSON).toFile());
        assertEquals("arbiter-eval/1", j.get("format").asText());
        assertEquals("rewardbench", j.get("benchmark").asText());
        assertEquals(r.headline().value(), j.get("headline").get("value").asDouble(), 1e-12);
        assertEquals(4, j.get("sections").size(), "the 4 sections (no prior sets here)");
        assertTrue(j.get("subsets").size() >= 5);
        assertEquals(8, j.get("items").size());
        JsonNode cand = j.get("items").get(0).get("candidates").get(0);
        assertTrue(cand.has("score") && cand.has("length") && cand.get("role").asText().equals("chosen"));
        assertTrue(j.get("run").get("spec_signature").asText().startsWith("token_f1@"));
        assertEquals(12, j.get("run").get("aggregation_hash").asText().length());
        assertFalse(j.toString().contains("elapsed"), "results.json is deterministic: no timings");
        String md = Files.readString(tmp.resolve(ReportFiles.REPORT_MD));
        assertTrue(md.startsWith("# RewardBench (v1)"), md);
        assertTrue(md.contains("| **RewardBench score** (`score`) | **" + r.headline().format(2) + "%**"), md);
        assertTrue(md.contains("## Sections") && md.contains("## Subsets"), md);
        String html = Files.readString(tmp.resolve(ReportFiles.REPORT_HTML));
        assertTrue(html.contains("Chart.js v4.5.1"), "chart.js is inlined");
        assertFalse(html.contains("<script src="), "no external scripts");
        assertFalse(html.contains("http://") || html.contains("https://cdn"), "nothing is fetched");
        assertTrue(html.contains("id=\"report-data\""));
    }

    @Test
    void skippedItemsAreProminentInTheMarkdown(@TempDir Path tmp) throws IOException {
        Path data = Files2.jsonl(tmp.resolve("d.jsonl"), java.util.List.of(
                SpecScoringTest.item("a", "42", "\\boxed{42}", "\\boxed{1}", "math-prm"),
                SpecScoringTest.item("b", null, "\\boxed{42}", "\\boxed{1}", "math-prm")));
        new EvalRunner().run(EvalRequest.builder("rewardbench").data(data).spec("{type: exact_match, extract: boxed}").outDir(tmp.resolve("o")).build());
        String md = Files.readString(tmp.resolve("o").resolve(ReportFiles.REPORT_MD));
        assertTrue(md.contains("**1 items were skipped**"), md);
        assertTrue(md.contains("## Skipped items") && md.contains("| b |"), md);
    }
}
