package dev.arbiter.models.rm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Prompt;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.core.spec.SpecException;
import dev.arbiter.models.Fixtures;
import dev.arbiter.models.onnx.TinyModels;
import dev.arbiter.testkit.RewardContractTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** progress_rm through the spec, and its turn values through tools' spa_rl_step (SPA-RL, catalog B11). */
class ProgressRmTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final RewardRegistry REGISTRY = RewardRegistry.fromServiceLoader();
    static final Path PM;

    static {
        try {
            PM = TinyModels.progressModel(Fixtures.DIR.resolve("progress"), 17);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Reward reward(String spec) {
        return RewardSpec.resolve(spec, REGISTRY).reward();
    }

    static String spec(String extra) {
        return "{type: progress_rm, model_dir: '" + PM + "'" + extra + "}";
    }

    static Prompt.Message m(String role, String content) {
        return new Prompt.Message(role, content);
    }

    /** An agent trajectory: the prompt holds the task and the earlier (action, observation) rounds. */
    static Sample trajectory(List<Prompt.Message> prompt, String lastAction, ObjectNode meta) {
        return new Sample("", "", new Prompt.Chat(prompt), lastAction, null, "", meta);
    }

    static final List<Prompt.Message> ROLLOUT = List.of(
            m("user", "find the red cat"), m("assistant", "look at the image"), m("user", "you see a red cat ."),
            m("assistant", "solve the problem"), m("user", "nothing happens ."));

    @SuppressWarnings("unchecked")
    static List<Double> doubles(Object o) {
        return (List<Double>) o;
    }

    @Test
    void scoreIsTheSumOfTurnValuesOrOneStep() {
        Sample s = trajectory(ROLLOUT, "answer the question", null);
        RewardResult sum = Scoring.guarded(reward(spec("")), s, Deadline.none());
        assertEquals(Status.OK, sum.status(), sum.toString());
        List<Double> c = doubles(sum.details().get("turn_values"));
        assertEquals(3, c.size());
        assertEquals(3, sum.details().get("num_steps"));
        assertEquals(c.get(0) + c.get(1) + c.get(2), sum.score(), 0.0);
        RewardResult step1 = Scoring.guarded(reward(spec(", step_index: 1")), s, Deadline.none());
        assertEquals(c.get(1), step1.score(), 0.0);
        assertEquals(c, step1.details().get("turn_values"));
        ObjectNode meta = JSON.createObjectNode().put("step_index", 2);
        RewardResult step2 = Scoring.guarded(reward(spec(", step_index: 1")), trajectory(ROLLOUT, "answer the question", meta),
                Deadline.none());
        assertEquals(c.get(2), step2.score(), 0.0, "meta.step_index overrides the spec's");
        RewardResult past = Scoring.guarded(reward(spec(", step_index: 3")), s, Deadline.none());
        assertEquals(Status.INVALID_INPUT, past.status());
        RewardResult bad = Scoring.guarded(reward(spec("")), trajectory(ROLLOUT, "x", meta.put("step_index", -1)), Deadline.none());
        assertEquals(Status.INVALID_INPUT, bad.status());
        // a plain-text prompt is one user turn: one step
        RewardResult single = Scoring.guarded(reward(spec("")), Fixtures.sample("what is the capital", "paris", null), Deadline.none());
        assertEquals(1, single.details().get("num_steps"));
        assertEquals(single.score(), doubles(single.details().get("turn_values")).get(0), 0.0);
    }

    /** Single-sample calls from many threads, gathered by the micro-batcher, score exactly as unbatched. */
    @Test
    void theMicroBatcherGivesTheUnbatchedValues() throws Exception {
        List<String> actions = List.of("answer the question", "look at the image", "solve the problem",
                "find the red cat", "look at the red cat", "solve the image problem");
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            List<Prompt.Message> prompt = ROLLOUT.subList(0, 1 + 2 * (i % 3));
            samples.add(trajectory(prompt, actions.get(i % actions.size()), null));
        }
        Reward unbatched = reward(spec(", batch_window: 0"));
        Reward batched = reward(spec(", batch_window: 50ms, batch_size: 8"));
        List<RewardResult> expected = unbatched.scoreBatch(samples, Deadline.none());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<RewardResult>> got = new ArrayList<>();
            for (Sample s : samples) {
                got.add(pool.submit(() -> Scoring.guarded(batched, s, Deadline.none())));
            }
            for (int i = 0; i < samples.size(); i++) {
                RewardResult r = got.get(i).get();
                assertEquals(Status.OK, r.status(), r.toString());
                assertEquals(expected.get(i).score(), r.score(), 0.0, "sample " + i);
                assertEquals(expected.get(i).details().get("turn_values"), r.details().get("turn_values"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Status.INVALID_INPUT, Scoring.guarded(batched, Fixtures.sample("q", null, null), Deadline.none()).status(),
                "no response: refused before it reaches the batcher");
    }

    @Test
    void truncationIsReportedInDetails() {
        Sample s = trajectory(ROLLOUT, "answer the question", null);
        // 41 tokens; the actions end at tokens 13, 28 and 40: keeping the last 12 cuts the first two actions' ends
        RewardResult r = Scoring.guarded(reward(spec(", max_length: 12, truncation: left")), s, Deadline.none());
        assertEquals(Status.OK, r.status(), r.toString());
        assertEquals(3, r.details().get("num_steps"));
        assertEquals(1, doubles(r.details().get("turn_values")).size());
        assertEquals(2, r.details().get("first_step"));
        assertEquals(2, r.details().get("truncated_steps"));
        assertTrue(r.reason().contains("truncation cut 2 step(s)"), r.reason());
        assertEquals(Status.INVALID_INPUT, Scoring.guarded(reward(spec(", max_length: 12, truncation: left, step_index: 0")),
                s, Deadline.none()).status(), "a truncated step has no value");
        assertEquals(Status.INVALID_INPUT, Scoring.guarded(reward(spec(", max_length: 20")), s, Deadline.none()).status());
    }

    @Test
    void badSpecsAreRefused() {
        assertThrows(SpecException.class, () -> reward(spec(", step_index: -1")));
        assertThrows(SpecException.class, () -> reward(spec(", batch_size: 0")));
        assertThrows(SpecException.class, () -> reward("{type: progress_rm, model_dir: '" + Fixtures.RM + "'}"),
                "a sequence-level reward model is not a progress model");
    }

    @Test
    void theModelIsLoadedOncePerRegistry() {
        RewardRegistry registry = RewardRegistry.fromServiceLoader();
        ProgressRm a = (ProgressRm) RewardSpec.resolve(spec(""), registry).reward();
        ProgressRm b = (ProgressRm) RewardSpec.resolve(spec(", step_index: 1"), registry).reward();
        assertTrue(a.model() == b.model(), "one load shared by both rewards");
    }

    // ---- the SPA-RL pipeline: progress_rm's c_k → spa_rl_step's per-step rewards (B11b–d) ----

    /** spa_rl_step's inputs for a rollout: its final reward, the group's finals, the observation after each action. */
    static ObjectNode spaMeta(List<Prompt.Message> prompt, double fin, double... group) {
        ObjectNode meta = JSON.createObjectNode().put("final_reward", fin);
        ArrayNode g = meta.putArray("group_final_rewards");
        for (double x : group) {
            g.add(x);
        }
        ArrayNode obs = meta.putArray("observations");
        for (int i = 1; i < prompt.size(); i++) {
            if (prompt.get(i - 1).role().equals("assistant") && prompt.get(i).role().equals("user")) {
                obs.add(prompt.get(i).content());
            }
        }
        return meta;
    }

    /** B11d: finals [1.0, 0.0, 0.5, 0.5]; rollout 0 has L = 3 and its step-1 observation says "Nothing happens". */
    static final List<Prompt.Message> B11D = List.of(m("user", "find the red cat"), m("assistant", "look at the image"),
            m("user", "You see a shelf."), m("assistant", "solve the problem"), m("user", "Nothing happens."));

    @Test
    void turnValuesFeedSpaRlStepInBothModes() {
        List<Prompt.Message> prompt = B11D;
        Sample rollout = trajectory(prompt, "answer the question", null);
        RewardResult progress = Scoring.guarded(reward(spec("")), rollout, Deadline.none());
        assertEquals(Status.OK, progress.status(), progress.toString());
        List<Double> c = doubles(progress.details().get("turn_values"));
        assertEquals(3, c.size());

        ObjectNode meta = spaMeta(prompt, 1.0, 1.0, 0.0, 0.5, 0.5);
        meta.set("turn_values", JSON.valueToTree(progress.details().get("turn_values")));
        meta.put("num_steps", (Integer) progress.details().get("num_steps"));
        Sample pass2 = trajectory(prompt, "answer the question", meta);

        // the released script (code_faithful: true) discards c_k: the catalog's numbers come out unchanged
        RewardResult script = Scoring.guarded(reward("{type: spa_rl_step, step_weighting: none}"), pass2, Deadline.none());
        assertEquals(Status.OK, script.status(), script.toString());
        List<Double> r = doubles(script.details().get("step_rewards"));
        assertEquals(1.1667, r.get(0), 1e-4);
        assertEquals(0.6667, r.get(1), 1e-4);
        assertEquals(1.1667, r.get(2), 1e-4);
        RewardResult placed = Scoring.guarded(reward("spa_rl_step"), pass2, Deadline.none());
        List<Double> p = doubles(placed.details().get("placed_rewards"));
        assertEquals(2.3333, p.get(0), 1e-4);
        assertEquals(0.6667, p.get(1), 1e-4);
        assertEquals(0.0, p.get(2), 0.0);

        // the paper (code_faithful: false): r_k = c_k + grounding_k, placed × (L − 1 − k)
        RewardResult paper = Scoring.guarded(reward("{type: spa_rl_step, code_faithful: false}"), pass2, Deadline.none());
        assertEquals(Status.OK, paper.status(), paper.toString());
        List<Double> pr = doubles(paper.details().get("step_rewards"));
        assertEquals(c.get(0) + 0.5, pr.get(0), 1e-12);
        assertEquals(c.get(1), pr.get(1), 1e-12, "no grounding after 'Nothing happens'");
        assertEquals(c.get(2) + 0.5, pr.get(2), 1e-12);
        assertEquals(c, paper.details().get("turn_values"));
        assertEquals(2 * (c.get(0) + 0.5) + c.get(1), paper.score(), 1e-12);
        assertNotEquals(script.score(), paper.score());
    }

    /**
     * The CLI's two passes as the field mapping builds samples: pass 2 reads pass 1's {@code reward.details} as meta
     * ({@code --meta-field reward.details}) and the rollout's SPA-RL inputs from an object reference
     * ({@code --reference-field extra_info}); spa_rl_step looks keys up in meta, then in an object reference.
     */
    @Test
    void passTwoCanReadPassOnesDetailsAsMeta() {
        List<Prompt.Message> prompt = B11D;
        Sample rollout = trajectory(prompt, "answer the question", null);
        RewardResult progress = Scoring.guarded(reward(spec("")), rollout, Deadline.none());
        ObjectNode details = JSON.valueToTree(progress.details());
        ObjectNode extraInfo = spaMeta(prompt, 1.0, 1.0, 0.0, 0.5, 0.5);
        Sample pass2 = new Sample("", "", new Prompt.Chat(prompt), "answer the question", extraInfo, "", details);
        RewardResult paper = Scoring.guarded(reward("{type: spa_rl_step, code_faithful: false, step_weighting: none}"), pass2,
                Deadline.none());
        assertEquals(Status.OK, paper.status(), paper.toString());
        List<Double> c = doubles(progress.details().get("turn_values"));
        List<Double> pr = doubles(paper.details().get("step_rewards"));
        assertEquals(List.of(c.get(0) + 0.5, c.get(1), c.get(2) + 0.5), pr);
        assertEquals(1.1667 + 0.6667 + 1.1667, Scoring.guarded(reward("{type: spa_rl_step, step_weighting: none}"), pass2,
                Deadline.none()).score(), 1e-3, "the script's mode reads group_final_rewards from the reference too");
    }

    @Nested
    class ProgressRmContract extends RewardContractTest {
        @Override protected String spec() { return ProgressRmTest.spec(""); }
        @Override protected String otherSpec() { return ProgressRmTest.spec(", step_index: 0"); }
        @Override protected String expectedSignature() {
            return "progress_rm@1(model_dir=" + PM + ",model_file=model.onnx,template=auto,output=auto,max_length=0,"
                    + "truncation=error,step_index=none,batch_size=16,pad_multiple=16,max_batch_tokens=16384,"
                    + "intra_op_threads=1,batch_window=2ms)";
        }
        @Override protected boolean requiresReference() { return false; }
        @Override protected double minScore() { return -1e6; }
        @Override protected double maxScore() { return 1e6; }
        @Override protected List<Sample> samples() {
            List<Sample> out = new ArrayList<>();
            out.add(trajectory(ROLLOUT, "answer the question", null));
            out.add(trajectory(ROLLOUT.subList(0, 3), "solve the problem", null));
            out.add(Fixtures.sample("what is the capital of france?", "paris", null));
            return out;
        }
    }
}
