package dev.arbiter.models.onnx;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Prompt;
import dev.arbiter.models.onnx.OnnxProgressModel.Encoded;
import dev.arbiter.models.onnx.OnnxProgressModel.Outcome;
import dev.arbiter.models.rm.ChatTemplate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPA-RL's progress estimator on a tiny per-token value model: turn-end positions, batching, padding, truncation. */
class OnnxProgressModelTest {
    @TempDir
    static Path tmp;
    static Path dir;

    @BeforeAll
    static void build() throws IOException {
        dir = TinyModels.progressModel(tmp.resolve("progress"), 17);
    }

    static OnnxProgressModel.Options opts(ChatTemplate template, int maxLength, OnnxRewardModel.Truncation t, int batch,
                                          int padMultiple, boolean left) {
        return new OnnxProgressModel.Options("model.onnx", template, maxLength, t, batch, padMultiple, 16384, 1, null, left);
    }

    static OnnxProgressModel.Options opts(int batch, int padMultiple, boolean left) {
        return opts(null, 0, OnnxRewardModel.Truncation.ERROR, batch, padMultiple, left);
    }

    static Prompt.Message m(String role, String content) {
        return new Prompt.Message(role, content);
    }

    static final List<Prompt.Message> TWO_STEPS = List.of(m("user", "what is the capital"), m("assistant", "paris"),
            m("user", "correct"), m("assistant", "the answer is paris"));

    /** Random agent trajectories: user task, then 1–4 (action, observation) rounds ending with an action. */
    static List<List<Prompt.Message>> trajectories(int n, long seed, boolean withSystem) {
        List<String> vocab = TinyModels.vocabulary().subList(4, TinyModels.vocabulary().size());
        Random r = new Random(seed);
        List<List<Prompt.Message>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Prompt.Message> c = new ArrayList<>();
            if (withSystem && r.nextBoolean()) {
                c.add(m("system", words(r, vocab, 1 + r.nextInt(5))));
            }
            c.add(m("user", words(r, vocab, 1 + r.nextInt(10))));
            int rounds = 1 + r.nextInt(4);
            for (int k = 0; k < rounds; k++) {
                c.add(m("assistant", words(r, vocab, 1 + r.nextInt(8))));
                if (k < rounds - 1) {
                    c.add(m("user", words(r, vocab, 1 + r.nextInt(8))));
                }
            }
            out.add(c);
        }
        return out;
    }

    static String words(Random r, List<String> vocab, int n) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < n; k++) {
            sb.append(vocab.get(r.nextInt(vocab.size()))).append(' ');
        }
        return sb.toString().strip();
    }

    @Test
    void turnEndsAreTheEndOfTurnMarkersByHand() throws IOException {
        try (OnnxProgressModel pm = OnnxProgressModel.load(dir, opts(16, 16, false))) {
            assertEquals(ChatTemplate.Family.JINJA, pm.template().family(), "auto: the model's own (chatml) template");
            assertEquals("logits", pm.outputName());
            long imEnd = TinyModels.progressVocabulary().indexOf("<|im_end|>");
            // 0 <|im_start|> 1 user 2 what 3 is 4 the 5 capital 6 <|im_end|> 7 <|im_start|> 8 assistant 9 paris
            // 10 <|im_end|> 11 <|im_start|> 12 user 13 correct 14 <|im_end|> 15 <|im_start|> 16 assistant 17 the
            // 18 answer 19 is 20 paris 21 <|im_end|>
            Encoded e = pm.encode(TWO_STEPS);
            assertArrayEquals(new int[] {10, 21}, e.turnEnds());
            assertEquals(22, e.ids().length);
            assertEquals(imEnd, e.ids()[10]);
            assertEquals(imEnd, e.ids()[21]);
            assertEquals(2, e.numTurns());
            // a system turn has no value and shifts the positions by its 7 tokens
            List<Prompt.Message> withSystem = new ArrayList<>();
            withSystem.add(m("system", "you are a judge"));
            withSystem.addAll(TWO_STEPS);
            assertArrayEquals(new int[] {17, 28}, pm.encode(withSystem).turnEnds());
            // a trajectory that ends with an observation: the last assistant turn is still read at its own end
            List<Prompt.Message> endsWithUser = new ArrayList<>(TWO_STEPS);
            endsWithUser.add(m("user", "done"));
            assertArrayEquals(new int[] {10, 21}, pm.encode(endsWithUser).turnEnds());
        }
    }

    /**
     * The authors' masking ({@code prm/inference_prm.py}, Llama-3.2 branch) ported to this tokenizer: the rendered
     * conversation is split on {@code <|eot_id|>}, each piece tokenised on its own, user turns and each assistant
     * header's first two tokens masked; the value is read at the last index of every contiguous unmasked run.
     */
    static int[] authorsTurnEnds(HfTokenizer tok, String conversation, int total) {
        boolean[] masked = new boolean[total];
        int cur = 1;
        masked[0] = true;
        String[] turns = conversation.split("<\\|eot_id\\|>", -1);
        for (int i = 0; i < turns.length; i++) {
            String turn = turns[i];
            if (turn.isEmpty()) {
                break;
            }
            int n = tok.encode(turn).length; // input_ids[1:]: without the BOS their tokenizer adds
            if (i % 2 == 0) {
                int upto = i == 0 ? cur + n : cur + n + 1;
                Arrays.fill(masked, Math.min(cur, total), Math.min(upto, total), true);
                cur = upto;
            } else {
                if (turn.split("<\\|end_header_id\\|>", -1).length != 2) {
                    break;
                }
                Arrays.fill(masked, Math.min(cur, total), Math.min(cur + 2, total), true);
                cur += n + 1;
            }
        }
        Arrays.fill(masked, Math.min(cur, total), total, true);
        assertEquals(total, cur, "the authors' mismatch check");
        List<Integer> valid = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            if (!masked[i]) {
                valid.add(i);
            }
        }
        List<Integer> ends = new ArrayList<>();
        for (int j = 1; j < valid.size(); j++) {
            if (valid.get(j) - valid.get(j - 1) > 1) {
                ends.add(valid.get(j - 1));
            }
        }
        ends.add(valid.get(valid.size() - 1));
        return ends.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void llama3PositionsAreTheAuthorsEotTokens() throws IOException {
        ChatTemplate llama3 = ChatTemplate.of(ChatTemplate.Family.LLAMA3);
        try (OnnxProgressModel pm = OnnxProgressModel.load(dir, opts(llama3, 0, OnnxRewardModel.Truncation.ERROR, 16, 16, false));
             HfTokenizer tok = HfTokenizer.load(dir.resolve("tokenizer.json"))) {
            long eot = TinyModels.progressVocabulary().indexOf("<|eot_id|>");
            // 0 BOT 1 SH 2 user 3 EH 4 what 5 is 6 it 7 EOT 8 SH 9 assistant 10 EH 11 yes 12 EOT
            Encoded one = pm.encode(List.of(m("user", "what is it"), m("assistant", "yes")));
            assertArrayEquals(new int[] {12}, one.turnEnds());
            assertEquals(eot, one.ids()[12]);
            for (List<Prompt.Message> c : trajectories(60, 4, false)) {
                Encoded e = pm.encode(c);
                String text = pm.render(c);
                assertArrayEquals(authorsTurnEnds(tok, text, e.ids().length), e.turnEnds(), text);
                for (int p : e.turnEnds()) {
                    assertEquals(eot, e.ids()[p]);
                }
            }
        }
    }

    /**
     * A BPE whose merge crosses the turn boundary: with {@code k\n} ranked before {@code ok}, the full text has
     * "o", "k\n" where the prefix alone has "ok". The value is read at the token covering the turn's last character
     * ("k\n", index 21); counting the prefix's tokens would point at "o" (index 20).
     */
    @Test
    void aBpeMergeAcrossTheBoundaryLandsOnTheCoveringToken(@TempDir Path t) throws IOException {
        Path bpe = Files.createDirectories(t.resolve("bpe"));
        for (String f : List.of("model.onnx", "config.json", "tokenizer_config.json")) {
            Files.copy(dir.resolve(f), bpe.resolve(f));
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode tj = json.createObjectNode();
        tj.put("version", "1.0");
        tj.putNull("truncation");
        tj.putNull("padding");
        tj.putArray("added_tokens");
        tj.putNull("normalizer");
        tj.putNull("pre_tokenizer");
        tj.putNull("post_processor");
        tj.putNull("decoder");
        ObjectNode model = tj.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        List<String> pieces = List.of("u", "s", "e", "r", ":", " ", "h", "i", "\n", "a", "t", "n", "o", "k", "g", "y",
                "k\n", "ok");
        for (int i = 0; i < pieces.size(); i++) {
            vocab.put(pieces.get(i), i);
        }
        model.putArray("merges").add("k \n").add("o k");
        Files.writeString(bpe.resolve("tokenizer.json"), json.writeValueAsString(tj));
        ChatTemplate plain = ChatTemplate.of(ChatTemplate.Family.PLAIN);
        List<Prompt.Message> c = List.of(m("user", "hi"), m("assistant", "ok"), m("user", "go"), m("assistant", "yo"));
        try (OnnxProgressModel pm = OnnxProgressModel.load(bpe, opts(plain, 0, OnnxRewardModel.Truncation.ERROR, 16, 16, false));
             HfTokenizer tok = HfTokenizer.load(bpe.resolve("tokenizer.json"))) {
            assertEquals("user: hi\nassistant: ok\nuser: go\nassistant: yo\n", pm.render(c));
            Encoded e = pm.encode(c);
            assertArrayEquals(new int[] {21, 43}, e.turnEnds());
            assertEquals(pieces.indexOf("k\n"), e.ids()[21]);
            assertEquals(pieces.indexOf("o"), e.ids()[20]);
            assertEquals(21, tok.encode("user: hi\nassistant: ok").length, "the prefix alone ends in 'ok' (20 is its index)");
            assertTrue(pm.score(List.of(c), Deadline.none()).get(0).isOk());
        }
    }

    @Test
    void offsetsCountCodePointsNotUtf16Units() throws IOException {
        try (OnnxProgressModel pm = OnnxProgressModel.load(dir, opts(16, 16, false))) {
            // three emoji (two UTF-16 units each) before the first turn's end: UTF-16 indices would overshoot
            List<Prompt.Message> c = List.of(m("user", "\uD83D\uDE00 \uD83D\uDE00 \uD83D\uDE00 what"), m("assistant", "paris"),
                    m("user", "yes"), m("assistant", "no"));
            assertArrayEquals(new int[] {10, 18}, pm.encode(c).turnEnds());
        }
    }

    @Test
    void earlierValuesDoNotSeeLaterTurns() throws IOException {
        try (OnnxProgressModel pm = OnnxProgressModel.load(dir, opts(16, 16, false))) {
            Outcome one = pm.score(List.of(TWO_STEPS.subList(0, 2)), Deadline.none()).get(0);
            Outcome two = pm.score(List.of(TWO_STEPS), Deadline.none()).get(0);
            assertEquals(1, one.turnValues().size());
            assertEquals(2, two.turnValues().size());
            assertEquals(one.turnValues().get(0), two.turnValues().get(0), 1e-6, "a causal model: c_0 ignores what follows");
            assertNotEquals(two.turnValues().get(0), two.turnValues().get(1));
            assertEquals(two.turnValues().get(0) + two.turnValues().get(1), two.sum(), 0.0);
            assertEquals(22, two.tokens());
            assertEquals(List.of(10, 21), two.turnEnds());
        }
    }

    @Test
    void valuesDoNotDependOnBatchSizeBucketingOrPaddingSide() throws IOException {
        List<List<Prompt.Message>> convs = trajectories(50, 42, true);
        List<List<Double>> reference = new ArrayList<>();
        try (OnnxProgressModel one = OnnxProgressModel.load(dir, opts(1, 1, false))) {
            for (List<Prompt.Message> c : convs) {
                Outcome o = one.score(List.of(c), Deadline.none()).get(0);
                assertTrue(o.isOk(), o.toString());
                reference.add(o.turnValues());
            }
        }
        int[][] configs = {{16, 16, 0}, {64, 16, 0}, {64, 1, 0}, {64, 64, 0}, {7, 8, 1}, {64, 64, 1}, {3, 32, 1}};
        for (int[] cfg : configs) {
            try (OnnxProgressModel pm = OnnxProgressModel.load(dir, opts(cfg[0], cfg[1], cfg[2] == 1))) {
                List<Outcome> got = pm.score(convs, Deadline.none());
                for (int i = 0; i < convs.size(); i++) {
                    List<Double> want = reference.get(i);
                    List<Double> have = got.get(i).turnValues();
                    assertEquals(want.size(), have.size());
                    for (int k = 0; k < want.size(); k++) {
                        assertEquals(want.get(k), have.get(k), 1e-6 * Math.max(1, Math.abs(want.get(k))),
                                "conversation " + i + " turn " + k + " with batch " + cfg[0] + ", pad multiple " + cfg[1]
                                        + ", left " + cfg[2]);
                    }
                }
            }
        }
    }

    @Test
    void theSameBucketGivesBitIdenticalValuesInAnyBatchAndAlone() throws IOException {
        List<List<Prompt.Message>> convs = trajectories(40, 5, true);
        for (int bs : new int[] {2, 5, 16, 64}) {
            try (OnnxProgressModel pm = OnnxProgressModel.load(dir, opts(bs, 16, false));
                 OnnxProgressModel single = OnnxProgressModel.load(dir, opts(1, 16, false))) {
                List<Outcome> all = pm.score(convs, Deadline.none());
                for (int i = 0; i < convs.size(); i++) {
                    assertEquals(all.get(i), single.score(List.of(convs.get(i)), Deadline.none()).get(0), "batch " + bs);
                }
            }
        }
        try (OnnxProgressModel pm = OnnxProgressModel.load(dir, OnnxProgressModel.Options.defaults())) {
            List<Outcome> all = pm.score(convs, Deadline.none());
            List<List<Prompt.Message>> reversed = new ArrayList<>(convs);
            Collections.reverse(reversed);
            List<Outcome> rev = pm.score(reversed, Deadline.none());
            for (int i = 0; i < convs.size(); i++) {
                assertEquals(all.get(i), rev.get(convs.size() - 1 - i));
                if (i % 3 == 0) {
                    assertEquals(all.get(i), pm.score(List.of(convs.get(i)), Deadline.none()).get(0), "alone");
                }
            }
        }
    }

    @Test
    void aSqueezedValuesOutputReadsTheSame(@TempDir Path t) throws IOException {
        Path squeezed = TinyModels.progressModel(t.resolve("squeezed"), 17, true);
        List<List<Prompt.Message>> convs = trajectories(12, 9, false);
        try (OnnxProgressModel a = OnnxProgressModel.load(dir, OnnxProgressModel.Options.defaults());
             OnnxProgressModel b = OnnxProgressModel.load(squeezed, OnnxProgressModel.Options.defaults())) {
            assertEquals("values", b.outputName());
            assertEquals(a.score(convs, Deadline.none()), b.score(convs, Deadline.none()));
        }
    }

    @Test
    void truncationPolicies() throws IOException {
        // 22 tokens; turn ends at 10 and 21
        try (OnnxProgressModel error = OnnxProgressModel.load(dir, opts(null, 16, OnnxRewardModel.Truncation.ERROR, 16, 16, false))) {
            Outcome o = error.score(List.of(TWO_STEPS), Deadline.none()).get(0);
            assertFalse(o.isOk());
            assertTrue(o.invalidReason().contains("over max_length 16"), o.invalidReason());
        }
        try (OnnxProgressModel right = OnnxProgressModel.load(dir, opts(null, 16, OnnxRewardModel.Truncation.RIGHT, 16, 16, false));
             OnnxProgressModel full = OnnxProgressModel.load(dir, OnnxProgressModel.Options.defaults())) {
            Outcome o = right.score(List.of(TWO_STEPS), Deadline.none()).get(0);
            Outcome f = full.score(List.of(TWO_STEPS), Deadline.none()).get(0);
            assertTrue(o.isOk(), o.toString());
            assertEquals(2, o.numTurns());
            assertEquals(0, o.firstTurn());
            assertEquals(List.of(10), o.turnEnds(), "the second turn's end was cut: no value");
            assertEquals(16, o.tokens());
            assertEquals(f.turnValues().get(0), o.turnValues().get(0), 1e-6, "the kept start is unchanged");
        }
        try (OnnxProgressModel left = OnnxProgressModel.load(dir, opts(null, 16, OnnxRewardModel.Truncation.LEFT, 16, 16, false))) {
            Outcome o = left.score(List.of(TWO_STEPS), Deadline.none()).get(0);
            assertTrue(o.isOk(), o.toString());
            assertEquals(0, o.firstTurn(), "the first 6 tokens are cut, the first turn's end (10) is not");
            assertEquals(List.of(4, 15), o.turnEnds());
        }
        try (OnnxProgressModel left = OnnxProgressModel.load(dir, opts(null, 11, OnnxRewardModel.Truncation.LEFT, 16, 16, false))) {
            Outcome o = left.score(List.of(TWO_STEPS), Deadline.none()).get(0);
            assertTrue(o.isOk(), o.toString());
            assertEquals(2, o.numTurns());
            assertEquals(1, o.firstTurn(), "the first turn's end was cut");
            assertEquals(List.of(10), o.turnEnds(), "21 − (22 − 11)");
            assertEquals(1, o.turnValues().size());
        }
        try (OnnxProgressModel left = OnnxProgressModel.load(dir, opts(null, 4, OnnxRewardModel.Truncation.RIGHT, 16, 16, false))) {
            Outcome o = left.score(List.of(TWO_STEPS), Deadline.none()).get(0);
            assertFalse(o.isOk());
            assertTrue(o.invalidReason().contains("cut off the end of every assistant turn"), o.invalidReason());
        }
        // a runaway input is cut before tokenising (left keeps the end, so the last turn keeps its value)
        List<Prompt.Message> huge = List.of(m("user", "x ".repeat(200_000)), m("assistant", "paris"));
        try (OnnxProgressModel left = OnnxProgressModel.load(dir, opts(null, 64, OnnxRewardModel.Truncation.LEFT, 16, 16, false))) {
            Outcome o = left.score(List.of(huge), Deadline.none()).get(0);
            assertTrue(o.isOk(), o.toString());
            assertEquals(64, o.tokens());
            assertEquals(List.of(63), o.turnEnds());
        }
    }

    @Test
    void invalidInputsAndUnusableTemplates() throws IOException {
        try (OnnxProgressModel pm = OnnxProgressModel.load(dir, OnnxProgressModel.Options.defaults())) {
            assertThrows(InvalidInputException.class, () -> pm.encode(List.of(m("user", "no action yet"))));
            List<Outcome> o = pm.score(List.of(List.of(m("user", "no action")), TWO_STEPS), Deadline.none());
            assertEquals("the trajectory has no assistant turn", o.get(0).invalidReason());
            assertTrue(o.get(1).isOk(), "a bad conversation never fails its batchmates");
        }
        ChatTemplate qwen3 = ChatTemplate.of(ChatTemplate.Family.QWEN3);
        try (OnnxProgressModel pm = OnnxProgressModel.load(dir, opts(qwen3, 0, OnnxRewardModel.Truncation.ERROR, 16, 16, false))) {
            assertTrue(pm.score(List.of(TWO_STEPS.subList(0, 2)), Deadline.none()).get(0).isOk(), "one step: no prefix to locate");
            Outcome o = pm.score(List.of(TWO_STEPS), Deadline.none()).get(0);
            assertNotNull(o.errorReason());
            assertTrue(o.errorReason().contains("renders assistant turn 0 differently"), o.errorReason());
        }
    }

    @Test
    void loadingRefusesASequenceLevelHead(@TempDir Path t) throws IOException {
        Path rm = TinyModels.rewardModel(t.resolve("rm"), 7);
        IOException e = assertThrows(IOException.class, () -> OnnxProgressModel.load(rm, OnnxProgressModel.Options.defaults()));
        assertTrue(e.getMessage().contains("one value per token"), e.getMessage());
        e = assertThrows(IOException.class, () -> OnnxProgressModel.load(t.resolve("missing"), OnnxProgressModel.Options.defaults()));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
