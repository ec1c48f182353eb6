package dev.arbiter.vision;

import dev.arbiter.core.text.PorterStemmer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Deadline;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The numeric kernels against their Python originals, on cases recorded from them: pycocotools' COCOeval (as
 * vendored in VLM-R1, with the C box IoU written out in Python), SciPy's linear_sum_assignment, NLTK's Porter stemmer.
 */
class KernelParityTest {

    private static JsonNode resource(String name) throws Exception {
        try (InputStream in = KernelParityTest.class.getResourceAsStream("/" + name)) {
            return VisionSamples.MAPPER.readTree(in);
        }
    }

    @Test
    void cocoApMatchesPycocotoolsBitForBit() throws Exception {
        JsonNode cases = resource("coco-cases.json");
        assertEquals(45, cases.size());
        for (JsonNode c : cases) {
            List<LabeledBox> gt = new ArrayList<>();
            c.get("gt").forEach(n -> gt.add(OdMap.detection(n)));
            List<LabeledBox> pred = new ArrayList<>();
            c.get("pred").forEach(n -> pred.add(OdMap.detection(n)));
            CocoEval.Result r = CocoEval.evaluate(gt, pred, Deadline.none());
            assertEquals(c.get("ap").asDouble(), r.ap(), 0.0, c.toString());
            assertEquals(c.get("ap50").asDouble(), r.ap50(), 0.0, c.toString());
        }
    }

    @Test
    void hungarianMatchesScipyIncludingTies() throws Exception {
        for (JsonNode c : resource("lsap-cases.json")) {
            JsonNode m = c.get("cost");
            double[][] cost = new double[m.size()][];
            for (int i = 0; i < m.size(); i++) {
                cost[i] = new double[m.get(i).size()];
                for (int j = 0; j < m.get(i).size(); j++) {
                    cost[i][j] = m.get(i).get(j).asDouble();
                }
            }
            int[] expected = new int[c.get("assignment").size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = c.get("assignment").get(i).asInt();
            }
            assertArrayEquals(expected, Hungarian.solve(cost, Deadline.none()), c.toString());
        }
    }

    @Test
    void porterStemmerMatchesNltk() throws Exception {
        int n = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                KernelParityTest.class.getResourceAsStream("/porter-nltk.tsv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\t");
                assertEquals(f[1], PorterStemmer.stem(f[0]), f[0]);
                n++;
            }
        }
        assertEquals(2806, n);
    }

    @Test
    void rougeMatchesRougeScore() {
        assertEquals(0.5202614379084968, rouge("The quick brown fox jumps over the lazy dog", "The quick brown dog jumps on the log."), 1e-15);
        assertEquals(0.5952380952380952, rouge("A man is riding a horses on the beach.", "A man riding horses along the beaches"), 1e-15);
        assertEquals(0.0, rouge("completely different words here", "nothing in common at all"));
    }

    private static double rouge(String pred, String gt) {
        List<String> p = TextOverlap.rougeTokens(pred, true);
        List<String> g = TextOverlap.rougeTokens(gt, true);
        return (TextOverlap.rougeN(p, g, 1) + TextOverlap.rougeN(p, g, 2) + TextOverlap.rougeL(p, g, Deadline.none())) / 3;
    }
}
