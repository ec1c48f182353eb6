package dev.arbiter.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.arbiter.eval.Files2.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * M-RewardBench's Translation category. The paper's translation table (Table 10 of arXiv:2410.15522: the average and
 * the eight easy/hard × de→en, en→de, zh→en, en→zh accuracies of 23 reward models; transcribed second-hand from
 * deep-diver/ai-paper-reviewer {@code content/paper-reviews/2410.15522/index.md}, as the HF data is not reachable
 * here) is reproduced from 800 pairs per model built to the cell accuracies (100 per cell; a half point is a tied
 * verdict worth ½, as RewardBench scores a generative judge's tie): every cell exactly, every average to the table's
 * one decimal.
 */
class MRewardBenchTranslationTest {
    private static final String[] SUBSET_SPELLINGS = {"maple-de-en-easy", "translation:en->de:easy", "easy_zh2en", "en-zh (easy)",
            "de_en_hard", "Hard: en→de", "zho_Hans-eng_Latn-hard", "hard-en-zh"};
    private static final String[] CELLS = {"easy de→en", "easy en→de", "easy zh→en", "easy en→zh",
            "hard de→en", "hard en→de", "hard zh→en", "hard en→zh"};
    private static final String TABLE = """
            GPT-4o|82.5|87.0|95.0|91.0|98.0|71.0|61.0|77.0|80.0
            GPT-4 Turbo|82.2|87.0|95.0|94.0|97.0|62.5|66.0|72.0|84.0
            Eurus RM 7B|80.0|85.0|91.0|92.0|96.0|59.0|61.0|74.0|82.0
            URM LlaMa 3.1 8B|79.8|89.0|92.0|90.0|94.0|67.0|60.0|72.0|74.0
            Llama 3.1 70B|79.1|81.0|93.0|92.0|97.0|56.0|61.0|67.5|85.0
            BTRM Qwen 2 7B|79.0|81.0|89.0|92.0|97.0|67.0|58.0|72.0|76.0
            Llama 3 70B|77.1|80.5|88.0|92.0|96.0|56.0|63.0|58.0|83.0
            Gemma 2 9B|76.9|80.5|93.0|84.0|97.0|57.5|66.0|52.0|85.0
            Tulu 2.5 13B RM|75.8|80.0|82.0|88.0|96.0|60.0|55.0|68.0|77.0
            Aya 23 35B|74.8|75.0|89.0|84.0|95.0|55.0|66.0|54.0|80.0
            Command R+|74.6|81.0|88.0|83.0|94.0|54.0|66.0|63.0|68.0
            Mistral 7B DPO|73.1|77.0|80.0|84.0|88.0|55.0|60.0|65.0|76.0
            Zephyr 7B Beta|72.8|76.0|79.0|82.0|86.0|55.0|59.0|72.0|73.0
            Command R|71.2|71.0|81.5|80.5|94.0|51.0|60.0|54.0|78.0
            Tulu 2 13B DPO|71.0|67.0|75.0|77.0|89.0|57.0|61.0|56.0|86.0
            Aya 23 8B|69.7|60.0|81.0|79.0|94.0|61.0|58.0|58.5|66.0
            Llama 3.1 8B|69.0|73.5|74.0|75.5|84.0|54.5|63.5|56.5|70.5
            Llama 3 8B|65.8|70.5|70.0|82.5|77.0|50.5|64.5|49.5|62.0
            StableLM Zephyr 3B|63.6|66.0|64.0|65.0|78.0|52.0|51.0|61.0|72.0
            Qwen1.5 4B Chat|60.6|49.0|52.0|60.0|86.0|47.0|57.0|59.0|75.0
            Mistral 7B v0.3|60.5|65.5|62.5|74.0|60.0|51.5|48.5|60.0|62.0
            Mistral 7B v0.2|58.5|61.5|59.5|66.5|65.5|47.0|50.0|59.0|59.0
            Gemma 1.1 7B|57.4|63.0|64.0|68.0|62.0|49.0|50.0|51.0|52.0
            """;

    @Test
    void thePapersTranslationTableFromPairsBuiltToIt(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("translation"));
        List<ObjectNode> data = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            for (int k = 0; k < 100; k++) {
                ObjectNode row = Files2.obj();
                row.put("id", c * 100 + k).put("prompt", "Translate: sentence " + k).put("chosen", "best translation")
                        .put("rejected", "worse translation").put("source", SUBSET_SPELLINGS[c]);
                data.add(row);
            }
        }
        Path d = Files2.jsonl(dir.resolve("test.jsonl"), data);
        int models = 0;
        for (String line : TABLE.strip().split("\n")) {
            String[] p = line.strip().split("\\|");
            double avg = Double.parseDouble(p[1]);
            List<ObjectNode> verdicts = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                double acc = Double.parseDouble(p[2 + c]);
                int wins = (int) Math.floor(acc);
                int ties = acc == wins ? 0 : 1;
                for (int k = 0; k < 100; k++) {
                    ObjectNode v = Files2.obj();
                    v.put("id", "translation:" + (c * 100 + k));
                    var j = v.putArray("judgments").addObject();
                    j.putArray("order").add("chosen").add("rejected");
                    j.put("parsed", k < wins ? "A>B" : k < wins + ties ? "A=B" : "B>A");
                    verdicts.add(v);
                }
            }
            EvalReport r = new EvalRunner().run(EvalRequest.builder("m-rewardbench").data(d)
                    .scores(Files2.jsonl(tmp.resolve("v.jsonl"), verdicts)).build());
            assertEquals(800, r.counts().itemsEvaluated(), p[0]);
            for (int c = 0; c < 8; c++) {
                assertEquals(Double.parseDouble(p[2 + c]), r.group(CELLS[c]).orElseThrow().value(), 1e-9, p[0] + " " + CELLS[c]);
            }
            assertEquals("translation", r.headline().name(), "translation pairs alone: the translation mean is the headline");
            assertEquals(avg, r.headline().value(), 0.05 + 1e-9, p[0] + " Avg");
            assertEquals(r.headline().value(), r.metric("translation_pooled").orElseThrow().value(), 1e-9, "100 pairs per cell");
            double easy = 0;
            for (int c = 0; c < 4; c++) {
                easy += Double.parseDouble(p[2 + c]) / 4;
            }
            assertEquals(easy, r.metric("translation_easy").orElseThrow().value(), 1e-9);
            models++;
        }
        assertEquals(23, models);
    }

    @Test
    void translationStaysOutOfTheLanguageScores(@TempDir Path tmp) throws IOException {
        Path de = Files.createDirectories(tmp.resolve("data/deu_Latn"));
        Path tr = Files.createDirectories(tmp.resolve("data/translation"));
        // current HF schema: the subset is in 'source'
        Files2.jsonl(de.resolve("test.jsonl"), List.of(
                json("{'id':1,'prompt':'p','chosen':'c','rejected':'r','source':'alpacaeval-easy'}"),
                json("{'id':2,'prompt':'p','chosen':'c','rejected':'r','source':'mt-bench-hard'}"),
                json("{'id':3,'prompt':'p','chosen':'c','rejected':'r','source':'donotanswer'}"),
                json("{'id':4,'prompt':'p','chosen':'c','rejected':'r','source':'math-prm'}")));
        Files2.jsonl(tr.resolve("test.jsonl"), List.of(
                json("{'id':1,'prompt':'p','chosen':'c','rejected':'r','source':'de-en-easy'}"),
                json("{'id':2,'prompt':'p','chosen':'c','rejected':'r','source':'en-zh-hard'}"),
                json("{'id':3,'prompt':'p','chosen':'c','rejected':'r','source':'no direction here'}")));
        List<ObjectNode> sc = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            sc.add(json("{'id':'deu_Latn:" + i + "','scores':{'chosen':" + (i == 4 ? 0 : 1) + ",'rejected':0.5}}"));
        }
        sc.add(json("{'id':'translation:1','scores':{'chosen':0,'rejected':1}}"));
        sc.add(json("{'id':'translation:2','scores':{'chosen':1,'rejected':0}}"));
        EvalReport r = new EvalRunner().run(EvalRequest.builder("m-rewardbench").data(tmp.resolve("data")).scores(Files2.jsonl(tmp.resolve("s.jsonl"), sc)).build());
        assertEquals("avg_multilingual", r.headline().name());
        assertEquals(75.0, r.headline().value(), 1e-9, "German: Chat 1, Chat Hard 1, Safety 1, Reasoning 0 → 75; translation left out");
        assertEquals(50.0, r.metric("translation").orElseThrow().value(), 1e-9, "easy de→en 0, hard en→zh 1");
        assertEquals(0.0, r.group("easy de→en").orElseThrow().value(), 1e-9);
        assertEquals(100.0, r.group("hard en→zh").orElseThrow().value(), 1e-9);
        assertEquals(1, r.counts().itemsSkipped(), "the translation row without direction and difficulty");
        assertTrue(r.skipped().get(0).reason().contains("direction and difficulty"), r.skipped().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("6 of the 8")), r.notes().toString());
    }
}
