package dev.arbiter.models.rm;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Status;
import dev.arbiter.core.engine.Evaluator;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.models.Fixtures;
import dev.arbiter.models.onnx.TinyModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** scalar_rm through the spec: the engine's worker threads batched by the micro-batcher, and multi-label heads. */
class ScalarRmTest {
    @TempDir
    static Path tmp;
    static Path heads;
    static final RewardRegistry REGISTRY = RewardRegistry.fromServiceLoader();
    static final List<String> LABELS = List.of("helpfulness", "verbosity", "safety");

    @BeforeAll
    static void build() throws IOException {
        heads = TinyModels.rewardModel(tmp.resolve("heads"), 21, LABELS);
    }

    static Reward reward(String spec) {
        return RewardSpec.resolve(spec, REGISTRY).reward();
    }

    static List<Sample> samples(int n, long seed) {
        List<String> vocab = TinyModels.vocabulary().subList(4, TinyModels.vocabulary().size());
        Random r = new Random(seed);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder q = new StringBuilder();
            StringBuilder a = new StringBuilder();
            for (int k = 0, len = 1 + r.nextInt(10); k < len; k++) {
                q.append(vocab.get(r.nextInt(vocab.size()))).append(' ');
            }
            for (int k = 0, len = 1 + r.nextInt(20); k < len; k++) {
                a.append(vocab.get(r.nextInt(vocab.size()))).append(' ');
            }
            out.add(Fixtures.sample(q.toString().strip(), a.toString().strip(), null));
        }
        return out;
    }

    @Test
    void theEnginesWorkersAreBatchedAndScoreAsUnbatched() throws Exception {
        List<Sample> samples = samples(120, 3);
        Reward unbatched = reward("{type: scalar_rm, model_dir: '" + Fixtures.RM + "', batch_window: 0}");
        Reward batched = reward("{type: scalar_rm, model_dir: '" + Fixtures.RM + "', batch_window: 20ms, batch_size: 8}");
        assertNull(((ScalarRm) unbatched).batcher());
        assertNotNull(((ScalarRm) batched).batcher());
        List<RewardResult> reference = new ArrayList<>();
        for (Sample s : samples) {
            reference.add(Scoring.guarded(unbatched, s, Deadline.none()));
        }
        try (Evaluator ev = new Evaluator(6)) {
            List<CompletableFuture<RewardResult>> got = new ArrayList<>();
            for (Sample s : samples) {
                got.add(CompletableFuture.supplyAsync(() -> ev.score(batched, s, Duration.ofSeconds(60))));
            }
            for (int i = 0; i < samples.size(); i++) {
                RewardResult r = got.get(i).get();
                assertEquals(Status.OK, r.status(), r.toString());
                assertEquals(reference.get(i).score(), r.score(), 0.0, "sample " + i); // bit-identical
                assertEquals(reference.get(i).details(), r.details());
            }
        }
        assertEquals(samples.size(), ((ScalarRm) batched).batcher().rows());
    }

    @Test
    void aMultiLabelModelGivesEveryColumnAsNamedComponents() {
        List<Sample> samples = samples(20, 8);
        Reward h = reward("{type: scalar_rm, model_dir: '" + heads + "', batch_window: 0}");
        Reward safety = reward("{type: scalar_rm, model_dir: '" + heads + "', label: 2}");
        List<RewardResult> batch = h.scoreBatch(samples, Deadline.none());
        for (int i = 0; i < samples.size(); i++) {
            RewardResult one = Scoring.guarded(h, samples.get(i), Deadline.none());
            RewardResult s = Scoring.guarded(safety, samples.get(i), Deadline.none());
            assertEquals(Status.OK, one.status(), one.toString());
            assertEquals(LABELS, List.copyOf(one.components().keySet()), "named by id2label, in label order");
            assertEquals(one.components().get("helpfulness"), one.score(), 0.0, "label 0 is the score by default");
            assertEquals(one.components().get("safety"), s.score(), 0.0, "label chooses the score");
            assertEquals(one.components(), s.components());
            assertEquals(one.components(), batch.get(i).components(), "columns do not depend on the batch");
            assertEquals(one.score(), batch.get(i).score(), 0.0);
        }
        RewardResult single = Scoring.guarded(reward("{type: scalar_rm, model_dir: '" + Fixtures.RM + "'}"),
                samples.get(0), Deadline.none());
        assertTrue(single.components().isEmpty(), "a single-output model has no components: " + single.components());
    }

    @Test
    void dpaTakesAMultiHeadRmAsItsChild() {
        Sample s = samples(1, 5).get(0);
        RewardResult rm = Scoring.guarded(reward("{type: scalar_rm, model_dir: '" + heads + "'}"), s, Deadline.none());
        RewardResult dpa = Scoring.guarded(reward("{type: dpa, theta: 30, reward: {type: scalar_rm, model_dir: '"
                + heads + "'}}"), s, Deadline.none());
        assertEquals(Status.OK, dpa.status(), dpa.toString());
        Map<String, Double> c = rm.components();
        double expected = Math.cos(Math.toRadians(30)) * c.get("helpfulness") + Math.sin(Math.toRadians(30)) * c.get("verbosity");
        assertEquals(expected, dpa.score(), 1e-12);
    }
}
