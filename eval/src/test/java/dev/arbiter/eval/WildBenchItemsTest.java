package dev.arbiter.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.arbiter.eval.Files2.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** WB-Reward from per-task verdicts: the five outcomes, the length margin K, unparsed verdicts kept in the denominator. */
class WildBenchItemsTest {

    private static ObjectNode task(String id, String category, int testLen, int refLen) {
        ObjectNode o = Files2.obj();
        o.put("session_id", id).put("task_category", category).put("prompt", "task " + id)
                .put("output", "t".repeat(testLen)).put("reference_output", "r".repeat(refLen)).put("reference_model", "gpt-4-turbo-2024-04-09");
        return o;
    }

    private static ObjectNode verdict(String id, String parsed) {
        ObjectNode o = json("{'id':'gpt-4-turbo-2024-04-09:" + id + "'}");
        var j = o.putArray("judgments").addObject();
        j.putArray("order").add("test").add("ref");
        if (parsed == null) {
            j.putNull("parsed");
        } else {
            j.put("parsed", parsed);
        }
        return o;
    }

    @Test
    void outcomesAndTheLengthRule(@TempDir Path tmp) {
        List<ObjectNode> data = new ArrayList<>();
        List<ObjectNode> sc = new ArrayList<>();
        Object[][] cases = {
                {"1", "A>>B", 100, 100},   // +1
                {"2", "A>B", 900, 100},    // slight win, test longer by 800 > K=500 → tie
                {"3", "A>B", 300, 100},    // slight win, +200 ≤ K → +½
                {"4", "B>A", 100, 900},    // slight loss, reference longer by 800 → tie
                {"5", "B>>A", 100, 900},   // much loss is never changed → −1
                {"6", null, 100, 100},     // unparsed: a tie, still in the denominator
        };
        for (Object[] c : cases) {
            data.add(task((String) c[0], "Coding & Debugging", (Integer) c[2], (Integer) c[3]));
            sc.add(verdict((String) c[0], (String) c[1]));
        }
        Path d = Files2.jsonl(tmp.resolve("d.jsonl"), data);
        Path s = Files2.jsonl(tmp.resolve("s.jsonl"), sc);
        EvalReport k500 = new EvalRunner().run(EvalRequest.builder("wildbench").data(d).scores(s).option("k", "500").build());
        assertEquals(100 * (1 + 0 + 0.5 + 0 - 1 + 0) / 6, k500.headline().value(), 1e-9);
        assertEquals(6, k500.headline().n());
        EvalReport off = new EvalRunner().run(EvalRequest.builder("wildbench").data(d).scores(s).build());
        assertEquals(100 * (1 + 0.5 + 0.5 - 0.5 - 1 + 0) / 6, off.headline().value(), 1e-9, "K = -1 disables the rule");
        assertEquals(off.headline().value() * 1.25 / 4.75, off.metric("task_macro_reward_gpt-4-turbo-2024-04-09").orElseThrow().value(), 1e-9,
                "one category (Coding, weight 1.25): _create_tables.py still divides by all five weights, 4.75");
    }
}
