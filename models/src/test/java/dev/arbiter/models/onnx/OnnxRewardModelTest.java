package dev.arbiter.models.onnx;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Prompt;
import dev.arbiter.models.ScalarRewardModel.Outcome;
import dev.arbiter.models.rm.ChatTemplate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local ONNX reward model on a tiny model the test writes: loading, templating, truncation, batching, padding. */
class OnnxRewardModelTest {
    @TempDir
    static Path tmp;
    static Path dir;

    @BeforeAll
    static void build() throws IOException {
        dir = TinyModels.rewardModel(tmp.resolve("rm"), 7);
    }

    static OnnxRewardModel.Options opts(int batch, int padMultiple, boolean left) {
        OnnxRewardModel.Options d = OnnxRewardModel.Options.defaults();
        return new OnnxRewardModel.Options(d.modelFile(), null, 64, OnnxRewardModel.Truncation.ERROR, batch, padMultiple,
                d.maxBatchTokens(), 1, 0, null, left);
    }

    static List<List<Prompt.Message>> conversations(int n, long seed) {
        List<String> vocab = TinyModels.vocabulary().subList(4, TinyModels.vocabulary().size());
        Random r = new Random(seed);
        List<List<Prompt.Message>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder q = new StringBuilder();
            StringBuilder a = new StringBuilder();
            for (int k = 0, len = 1 + r.nextInt(12); k < len; k++) {
                q.append(vocab.get(r.nextInt(vocab.size()))).append(' ');
            }
            for (int k = 0, len = 1 + r.nextInt(30); k < len; k++) {
                a.append(vocab.get(r.nextInt(vocab.size()))).append(' ');
            }
            out.add(ChatTemplate.conversation(new Prompt.Text(q.toString().strip()), a.toString().strip()));
        }
        return out;
    }

    @Test
    void loadsTheDirectoryAndDetectsTheTemplate() throws IOException {
        try (OnnxRewardModel m = OnnxRewardModel.load(dir, opts(16, 16, false))) {
            // auto: the tiny model's own Jinja template, which renders the chatml layout
            assertEquals(ChatTemplate.Family.JINJA, m.template().family());
            assertEquals("jinja", m.template().describe());
            assertEquals(0, m.padId());
            assertEquals(64, m.maxLength());
            assertEquals("<|im_start|>user\nwho wrote hamlet?<|im_end|>\n<|im_start|>assistant\nshakespeare<|im_end|>\n",
                    m.render(ChatTemplate.conversation(new Prompt.Text("who wrote hamlet?"), "shakespeare")));
            List<Outcome> o = m.score(conversations(3, 1), Deadline.none());
            assertTrue(o.stream().allMatch(Outcome::isOk), o.toString());
        }
    }

    @Test
    void scoresDoNotDependOnBatchSizeBucketingOrPaddingSide() throws IOException {
        List<List<Prompt.Message>> convs = conversations(70, 42);
        double[] reference;
        try (OnnxRewardModel one = OnnxRewardModel.load(dir, opts(1, 1, false))) {
            reference = new double[convs.size()];
            for (int i = 0; i < convs.size(); i++) {
                Outcome o = one.score(List.of(convs.get(i)), Deadline.none()).get(0);
                assertTrue(o.isOk());
                reference[i] = o.score();
            }
        }
        int[][] configs = {{16, 16, 0}, {64, 16, 0}, {64, 1, 0}, {64, 64, 0}, {7, 8, 1}, {64, 64, 1}, {3, 32, 1}};
        for (int[] c : configs) {
            try (OnnxRewardModel m = OnnxRewardModel.load(dir, opts(c[0], c[1], c[2] == 1))) {
                List<Outcome> got = m.score(convs, Deadline.none());
                for (int i = 0; i < convs.size(); i++) {
                    assertEquals(reference[i], got.get(i).score(), 1e-6 * Math.max(1, Math.abs(reference[i])),
                            "conversation " + i + " with batch " + c[0] + ", pad multiple " + c[1] + ", left " + c[2]);
                }
            }
        }
    }

    /**
     * Padding to another length moves a score in its last float bits (the reductions run over more elements); so a
     * conversation is always padded to its own bucket, and then its score is bit-identical in any batch, at any
     * position, and alone.
     */
    @Test
    void theSameModelGivesBitIdenticalScoresInAnyBatch() throws IOException {
        List<List<Prompt.Message>> convs = conversations(40, 5);
        for (int bs : new int[] {2, 5, 16, 64}) {
            try (OnnxRewardModel m = OnnxRewardModel.load(dir, opts(bs, 16, false));
                 OnnxRewardModel single = OnnxRewardModel.load(dir, opts(1, 16, false))) {
                List<Outcome> all = m.score(convs, Deadline.none());
                for (int i = 0; i < convs.size(); i++) {
                    assertEquals(all.get(i), single.score(List.of(convs.get(i)), Deadline.none()).get(0), "batch " + bs);
                }
            }
        }
        try (OnnxRewardModel m = OnnxRewardModel.load(dir, OnnxRewardModel.Options.defaults())) {
            List<Outcome> all = m.score(convs, Deadline.none());
            for (int i = 0; i < convs.size(); i += 3) {
                assertEquals(all.get(i), m.score(List.of(convs.get(i)), Deadline.none()).get(0), "conversation " + i);
            }
            List<List<Prompt.Message>> reversed = new ArrayList<>(convs);
            java.util.Collections.reverse(reversed);
            List<Outcome> rev = m.score(reversed, Deadline.none());
            for (int i = 0; i < convs.size(); i++) {
                assertEquals(all.get(i), rev.get(convs.size() - 1 - i));
            }
        }
    }

    @Test
    void theContentMatters() throws IOException {
        try (OnnxRewardModel m = OnnxRewardModel.load(dir, OnnxRewardModel.Options.defaults())) {
            List<Outcome> o = m.score(List.of(
                    ChatTemplate.conversation(new Prompt.Text("capital of france?"), "paris"),
                    ChatTemplate.conversation(new Prompt.Text("capital of france?"), "rome"),
                    ChatTemplate.conversation(new Prompt.Text("capital of france?"), "is paris")), Deadline.none());
            assertNotEquals(o.get(0).score(), o.get(1).score());
            assertNotEquals(o.get(0).score(), o.get(2).score(), "word order and position matter");
        }
    }

    @Test
    void truncationPolicies() throws IOException {
        List<Prompt.Message> longConv = ChatTemplate.conversation(new Prompt.Text("question " + "x ".repeat(100)), "answer");
        OnnxRewardModel.Options d = opts(16, 16, false);
        try (OnnxRewardModel error = OnnxRewardModel.load(dir, d)) {
            Outcome o = error.score(List.of(longConv), Deadline.none()).get(0);
            assertFalse(o.isOk());
            assertTrue(o.invalidReason().contains("over max_length 64"), o.invalidReason());
        }
        for (OnnxRewardModel.Truncation t : List.of(OnnxRewardModel.Truncation.LEFT, OnnxRewardModel.Truncation.RIGHT)) {
            OnnxRewardModel.Options o = new OnnxRewardModel.Options(d.modelFile(), null, 64, t, 16, 16, 16384, 1, 0, null, false);
            try (OnnxRewardModel m = OnnxRewardModel.load(dir, o)) {
                Outcome out = m.score(List.of(longConv), Deadline.none()).get(0);
                assertTrue(out.isOk());
                assertEquals(64, out.tokens());
            }
        }
    }

    @Test
    void loadingErrorsNameTheProblem(@TempDir Path empty) throws IOException {
        IOException e = assertThrows(IOException.class, () -> OnnxRewardModel.load(empty, OnnxRewardModel.Options.defaults()));
        assertTrue(e.getMessage().contains("no model.onnx"), e.getMessage());
        Path broken = Files.createDirectories(empty.resolve("broken"));
        Files.write(broken.resolve("model.onnx"), new byte[] {1, 2, 3});
        TinyModels.writeTokenizer(broken, TinyModels.vocabulary());
        e = assertThrows(IOException.class, () -> OnnxRewardModel.load(broken, OnnxRewardModel.Options.defaults()));
        assertTrue(e.getMessage().contains("ONNX Runtime cannot load"), e.getMessage());
    }
}
