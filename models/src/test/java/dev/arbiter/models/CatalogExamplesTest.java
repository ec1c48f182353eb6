package dev.arbiter.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.core.spec.SpecException;
import dev.arbiter.models.ScriptedServer.Reply;
import dev.arbiter.models.embed.EmbeddingRewards;
import dev.arbiter.models.judge.Verdicts;
import dev.arbiter.models.logprob.LogRatio;
import dev.arbiter.models.logprob.Rlpr;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.arbiter.models.Fixtures.endpoint;
import static dev.arbiter.models.Fixtures.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalog's worked examples and the judges' reading rules, through the real types and the scripted server. */
class CatalogExamplesTest {
    static final RewardRegistry REGISTRY = RewardRegistry.fromServiceLoader();

    static Reward build(String spec) {
        return RewardSpec.resolve(spec, REGISTRY).reward();
    }

    static RewardResult score(Reward r, Sample s) {
        return Scoring.guarded(r, s, Deadline.none());
    }

    @Test
    void masterRmFormatSaysYesOrNoAndAnUnreadableAnswerIsAnErrorWithTheRawText() {
        Reward r = build("{type: judge_correctness, endpoint: " + endpoint() + "}");
        assertEquals(1.0, score(r, sample("Capital of France?", "So the answer is Paris.", "Paris")).score());
        RewardResult no = score(r, sample("Capital of France?", "Lyon.", "Paris"));
        assertEquals(Status.OK, no.status());
        assertEquals(0.0, no.score());
        RewardResult garbage = score(r, sample("Capital of France?", "GARBAGE", "Paris"));
        assertEquals(Status.ERROR, garbage.status());
        assertEquals("I would rather not say.", garbage.details().get("raw"));
        RewardResult zero = score(build("{type: judge_correctness, endpoint: " + endpoint() + ", unparsed: zero}"),
                sample("Capital of France?", "GARBAGE", "Paris"));
        assertEquals(Status.OK, zero.status());
        assertTrue(zero.reason().contains("unparsed=zero"));
        ScriptedServer.Received call = Fixtures.SERVER.received("/v1/chat/completions").stream()
                .filter(c -> c.body().toString().contains("Capital of France?")).findFirst().orElseThrow();
        JsonNode sent = call.body();
        assertEquals("judge", sent.path("model").asText());
        assertEquals("system", sent.path("messages").get(0).path("role").asText());
        assertEquals("Bearer sk-test-never-logged", call.headers().get("authorization"));
        assertFalse(r.signature().text().contains("sk-test"), "the key never enters a signature");
    }

    @Test
    void yesNoReading() {
        assertEquals(true, Verdicts.yesNo("**YES**").orElseThrow());
        assertEquals(false, Verdicts.yesNo("No.").orElseThrow());
        assertEquals(false, Verdicts.yesNo("The answer is NO").orElseThrow());
        assertTrue(Verdicts.yesNo("Nothing to say").isEmpty());
        assertTrue(Verdicts.yesNo("maybe yes, maybe no").isEmpty());
        assertEquals(true, Verdicts.yesNo("YES, not NO").orElseThrow(), "the first word decides");
    }

    @Test
    void theMasterKeyPrecheckComposesThroughAGate() {
        Reward r = build("{type: gate, gate: {type: regex_match_absent_stub_free, pattern: x}, reward: judge_correctness}"
                .replace("{type: regex_match_absent_stub_free, pattern: x}", "{type: constant, value: 0}")
                .replace("reward: judge_correctness", "reward: {type: judge_correctness, endpoint: " + endpoint() + "}"));
        RewardResult res = score(r, sample("Q?", "Paris", "Paris"));
        assertEquals(0.0, res.score(), "a failed gate short-cuts the judge");
    }

    @Test
    void rubricScoresAreProbabilityWeighted() {
        Reward r = build("{type: judge_rubric, endpoint: " + endpoint() + "}");
        // the scripted judge puts 0.6 on label L and 0.3 on L+1 (0.05 more on ' L', 0.05 on a non-label) for
        // L = 1 + len(response) % 5: "abc" → L = 4: p(4) = 0.65/0.95, p(5) = 0.3/0.95
        RewardResult res = score(r, sample("Q?", "abc", null));
        double expected = (0.65 / 0.95) * 0.75 + (0.3 / 0.95) * 1.0;
        assertEquals(expected, res.score(), 1e-12);
        assertEquals(0.95, (Double) res.details().get("label_mass"), 1e-12);
        RewardResult text = score(build("{type: judge_rubric, endpoint: " + endpoint() + ", logprobs: false}"), sample("Q?", "abc", null));
        assertEquals(0.75, text.score());
    }

    @Test
    void principleComesFromTheSampleOrTheSpec() {
        Reward r = build("{type: judge_principle, endpoint: " + endpoint() + "}");
        assertEquals(Status.INVALID_INPUT, score(r, sample("Q?", "abc", null)).status());
        Sample s = Fixtures.withMeta(sample("Q?", "abc", null), "principle",
                ScriptedServer.JSON.getNodeFactory().textNode("Prefer brevity."));
        assertEquals(Status.OK, score(r, s).status());
        assertTrue(Fixtures.userText(last()).contains("Prefer brevity."));
    }

    static JsonNode last() {
        List<ScriptedServer.Received> all = Fixtures.SERVER.received("/v1/chat/completions");
        return all.get(all.size() - 1).body();
    }

    @Test
    void pairwiseRunsBothOrdersAndAppliesTheConsistencyRule() {
        Reward vote = build("{type: judge_pairwise, endpoint: " + endpoint() + "}");
        // the scripted judge prefers the longer answer, in either position: consistent
        assertEquals(1.0, score(vote, sample("Q?", "a long and detailed answer", "short")).score());
        assertEquals(0.0, score(vote, sample("Q?", "short", "a long and detailed answer")).score());
        assertEquals(0.5, score(vote, sample("Q?", "same!", "equal")).score());
        RewardResult r = score(vote, sample("Q?", "a long and detailed answer", "short"));
        assertEquals(true, r.details().get("consistent"));
        Fixtures.SERVER.enqueue("/v1/chat/completions", Reply.json(ScriptedServer.chat("[[A]]")),
                Reply.json(ScriptedServer.chat("[[A]]")));
        Reward agree = build("{type: judge_pairwise, endpoint: " + endpoint().replace("}", ", cache_size: 0}") + ", rule: agree}");
        assertEquals(0.5, score(agree, sample("Q?", "position bias", "x")).score(), "A then A: inconsistent → tie");
    }

    @Test
    void wildBenchChoiceAndLengthRule() {
        Reward r = build("{type: judge_wildbench_pairwise, endpoint: " + endpoint() + "}");
        assertEquals(1.0, score(r, sample("Q?", "x".repeat(30), "y".repeat(10))).score(), "A++");
        assertEquals(0.5, score(r, sample("Q?", "x".repeat(15), "y".repeat(10))).score(), "A+");
        assertEquals(-1.0, score(r, sample("Q?", "", "y")).score(), "an empty response loses much without a call");
        Reward k = build("{type: judge_wildbench_pairwise, endpoint: " + endpoint() + ", length_margin: 3}");
        assertEquals(0.0, score(k, sample("Q?", "x".repeat(15), "y".repeat(10))).score(), "slight win, 5 chars longer > K");
        Reward asB = build("{type: judge_wildbench_pairwise, endpoint: " + endpoint() + ", test_position: b}");
        assertEquals(0.5, score(asB, sample("Q?", "x".repeat(15), "y".repeat(10))).score(), "B+ for the response");
        Reward single = build("{type: judge_wildbench_score, endpoint: " + endpoint() + "}");
        RewardResult s = score(single, sample("Q?", "abcdef", null));
        assertEquals(7.0, s.score());
        assertEquals(4.0, s.details().get("adjusted"));
        assertEquals("A=B", Verdicts.wildbenchChoice("{\"choice\": \"A = B\"}").orElseThrow());
    }

    @Test
    void critiquesAreSampledWithSeedsFilteredByTheMetaRmAndVoted() {
        Reward r = build("{type: judge_critique, endpoint: " + endpoint() + ", k: 4}");
        // scores are 1 + (len + seed) % 10 for seeds 0..3 with len("abc") = 3: 4, 5, 6, 7 → mean 5.5
        RewardResult res = score(r, sample("Q?", "abc", null));
        assertEquals(5.5, res.score());
        assertEquals(List.of(4.0, 5.0, 6.0, 7.0), res.details().get("scores"));
        Reward sum = build("{type: judge_critique, endpoint: " + endpoint() + ", k: 4, voting: sum}");
        assertEquals(22.0, score(sum, sample("Q?", "abc", null)).score());
        // len 9: scores 10, 1, 2, 3; the meta-RM distrusts critiques ending "Final score: 1…" (10 and 1)
        Reward meta = build("{type: judge_critique, endpoint: " + endpoint() + ", k: 4, meta_top: 2}");
        RewardResult m = score(meta, sample("Q?", "abcdefghi", null));
        assertEquals(List.of(2.0, 3.0), m.details().get("kept"));
        assertEquals(2.5, m.score());
    }

    @Test
    void r1RewardExamples() {
        Reward r = build("{type: r1_reward, endpoint: " + endpoint() + "}");
        assertEquals(2.0, score(r, sample("Q", "<think>Response 1 is right.</think><answer>1</answer>", "1")).score());
        assertEquals(1.0, score(r, sample("Q", "<think>Response 1 is worse.</think><answer>1</answer>", "1")).score());
        assertEquals(0.5, score(r, sample("Q", "<think>Response 2.</think><answer>2</answer>", "1")).score());
        assertEquals(1.5, score(r, sample("Q", "<answer>The best answer is 1</answer>", "1")).score(), "no format");
        Sample unreadable = sample("Q", "GARBAGE\n<answer>1</answer>", "1");
        assertEquals(Status.ERROR, score(r, unreadable).status(), "no verdict after 4 tries");
        Reward zero = build("{type: r1_reward, endpoint: " + endpoint() + ", unparsed: zero}");
        assertEquals(1.0, score(zero, unreadable).score(), "format 0, acc 1, consistency 0 (catalog B1e row 4)");
    }

    @Test
    void r1RewardEquivalenceIsTheAuthorsMathVerifyStep() {
        String spec = "{type: r1_reward, endpoint: " + endpoint() + ", equivalence: {type: math}}";
        Reward r = build(spec);
        String response = "<think>Response 1 is right.</think><answer>The answer is 0.5</answer>";
        RewardResult eq = score(r, sample("Q", response, "<answer>\\frac{1}{2}</answer>"));
        assertEquals(2.0, eq.score(), eq.reason());
        assertEquals("equivalence", eq.details().get("accuracy_by"));
        assertEquals(0.5, score(r, sample("Q", response, "<answer>\\frac{1}{3}</answer>")).score(), "not equal: format only");
        assertEquals(0.5, score(build("{type: r1_reward, endpoint: " + endpoint() + "}"),
                sample("Q", response, "\\frac{1}{2}")).score(), "without equivalence the text must match");

        Reward failing = new Reward() {
            @Override public dev.arbiter.core.RewardSignature signature() { return r.signature(); }
            @Override public RewardResult score(Sample sample, Deadline deadline) { return RewardResult.error("verifier raised"); }
        };
        dev.arbiter.models.judge.R1Reward base = (dev.arbiter.models.judge.R1Reward) r;
        var strict = new dev.arbiter.models.judge.R1Reward(base.settings(), base.retries(), failing, false, base.signature());
        RewardResult err = score(strict, sample("Q", response, "2"));
        assertEquals(Status.ERROR, err.status());
        assertTrue(err.reason().contains("verifier raised"), err.reason());
        var quirk = new dev.arbiter.models.judge.R1Reward(base.settings(), base.retries(), failing, true, base.signature());
        RewardResult one = score(quirk, sample("Q", response, "2"));
        assertEquals(2.0, one.score(), "the authors' code returns 1.0 when the verifier raises");
        assertEquals("verifier_error", one.details().get("accuracy_by"));
        RewardResult plain = score(strict, sample("Q", "<think>Response 1 is right.</think><answer>2</answer>", "2"));
        assertEquals(2.0, plain.score(), "a plain match never calls the (failing) verifier");
        assertEquals("exact", plain.details().get("accuracy_by"));
    }

    @Test
    void sophiaVlAuthorsExtraction() {
        Fixtures.SERVER.enqueue("/v1/chat/completions", Reply.json(ScriptedServer.chat("**Total Wrong Steps**: 3")));
        Reward faithful = build("{type: judge_thinking, endpoint: " + endpoint().replace("}", ", cache_size: 0}")
                + ", code_faithful: true}");
        assertEquals(1.0, score(faithful, sample("Q", "z", null)).score(), "three wrong steps read as 1.0, as the authors' code does");
        Fixtures.SERVER.enqueue("/v1/chat/completions", Reply.json(ScriptedServer.chat("**Total Wrong Steps**: 3")));
        Reward ours = build("{type: judge_thinking, endpoint: " + endpoint().replace("}", ", cache_size: 0}") + "}");
        assertEquals(Status.ERROR, score(ours, sample("Q", "z", null)).status());
    }

    @Test
    void logProbRewardsWriteThePromptWithTheModelsOwnTemplate(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": \"{{ bos_token }}"
                + "{% for m in messages %}[{{ m.role }}] {{ m.content }}\\n{% endfor %}{% if add_generation_prompt %}"
                + "[assistant] {% endif %}\", \"bos_token\": \"<s>\"}");
        Rlpr r = (Rlpr) build("{type: rlpr, policy_model_dir: '" + Fixtures.LM + "', template: jinja, tokenizer_dir: '"
                + dir + "'}");
        assertEquals("<s>[user] Hi\n[assistant] ",
                r.template().renderPrompt(List.of(new dev.arbiter.core.Prompt.Message("user", "Hi"))));
        assertThrows(SpecException.class, () -> build("{type: rlpr, policy_model_dir: '" + Fixtures.LM + "', template: auto}"));
    }

    @Test
    void sophiaVlExtraction() {
        Reward r = build("{type: judge_thinking, endpoint: " + endpoint() + "}");
        RewardResult res = score(r, sample("Q", "abcdefg", null));
        assertEquals(0.7, res.score(), 1e-12);
        for (Object[] c : new Object[][] {{"<answer>0.7</answer>", 0.7}, {"\\box{1}", 1.0}, {"Score: 0.3", 0.3}}) {
            Fixtures.SERVER.enqueue("/v1/chat/completions", Reply.json(ScriptedServer.chat((String) c[0])));
            Reward fresh = build("{type: judge_thinking, endpoint: " + endpoint().replace("}", ", cache_size: 0}") + "}");
            assertEquals((Double) c[1], score(fresh, sample("Q", "z", null)).score(), 1e-12, (String) c[0]);
        }
        Fixtures.SERVER.enqueue("/v1/chat/completions", Reply.json(ScriptedServer.chat("no idea")));
        Reward fresh = build("{type: judge_thinking, endpoint: " + endpoint().replace("}", ", cache_size: 0}") + ", unparsed: zero}");
        assertEquals(0.0, score(fresh, sample("Q", "z", null)).score());
    }

    @Test
    void imagesAreSentAsImageUrlParts() {
        Reward r = build("{type: judge_thinking, endpoint: " + endpoint() + "}");
        Sample s = Fixtures.withMeta(sample("What is shown?", "a red square", null), "images",
                ScriptedServer.JSON.createArrayNode().add(Images.PNG_RED));
        assertEquals(Status.OK, score(r, s).status());
        JsonNode content = last().path("messages").get(1).path("content");
        assertEquals("image_url", content.get(0).path("type").asText());
        assertEquals(Images.PNG_RED, content.get(0).path("image_url").path("url").asText());
    }

    @Test
    void llmMatchFallsBackToExactMatchLikeTheAuthorsCode() {
        Reward r = build("{type: judge_llm_match, endpoint: " + endpoint() + "}");
        assertEquals(1.0, score(r, sample("Q", "<answer>Paris</answer>", "paris")).score());
        RewardResult g = score(r, sample("Q", "GARBAGE", "GARBAGE"));
        assertEquals(1.0, g.score());
        assertEquals(true, g.details().get("fallback"));
        Reward none = build("{type: judge_llm_match, endpoint: " + endpoint() + ", fallback: none}");
        assertEquals(Status.ERROR, score(none, sample("Q", "GARBAGE", "GARBAGE")).status());
    }

    /** A provider that returns fixed logprobs for each continuation. */
    record Fixed(Map<String, double[]> byContinuationAndContextEnd) implements LogProbProvider {
        @Override
        public TokenLogProbs logProbs(String context, String continuation, Deadline deadline) {
            String key = (context.endsWith("<answer>") ? "B:" : "A:") + continuation;
            double[] v = byContinuationAndContextEnd.get(key);
            return new TokenLogProbs(java.util.Collections.nCopies(v.length, "t"), v);
        }
    }

    @Test
    void rlprWorkedExamples() {
        double[] b = {Math.log(0.9), Math.log(0.5)};
        assertEquals(0.69921875, Rlpr.bf16((float) Rlpr.aggregate(b, "mean_exp_log_softmax")));
        String ok = "<think>so</think><answer>x</answer>";
        Object[][] rows = {{0.4, ok, 0.369297}, {0.8, ok, 0.1}, {0.4, "<answer>x</answer>", 0.269297}};
        for (Object[] row : rows) {
            Rlpr r = new Rlpr(new Fixed(Map.of("B:42", b, "A:42", new double[] {Math.log((Double) row[0])})), null,
                    "mean_exp_log_softmax", true, true, true, 0.1, true, 10, dev.arbiter.core.RewardSignature.of("rlpr", 1));
            assertEquals((Double) row[2], score(r, sample("Q", (String) row[1], "42")).score(), 1e-6);
        }
        Rlpr one = new Rlpr(new Fixed(Map.of("B:42", new double[] {0, 0}, "A:42", new double[] {Double.NEGATIVE_INFINITY})),
                null, "mean_exp_log_softmax", true, true, true, 0.1, true, 10, dev.arbiter.core.RewardSignature.of("rlpr", 1));
        assertEquals(1.0, score(one, sample("Q", ok, "42")).score(), 1e-12);
        String rep = "<think> " + "one two three four five six seven eight nine ten ".repeat(10) + "</think><answer>x</answer>";
        assertEquals(1.0 - 1, score(one, sample("Q", rep, "42")).score(), 1e-12, "the repetition penalty");
    }

    @Test
    void logRatioRewards() {
        LogProbProvider strong = (c, y, d) -> new LogProbProvider.TokenLogProbs(List.of("a", "b", "c"), new double[] {-10, -20, -20});
        LogProbProvider weak = (c, y, d) -> new LogProbProvider.TokenLogProbs(List.of("a", "b", "c"), new double[] {-30, -10, -20});
        LogRatio cdr = new LogRatio(LogRatio.Kind.CDR, strong, weak, null, null, null, 1, false, false,
                dev.arbiter.core.RewardSignature.of("density_ratio", 1));
        assertEquals(10.0, score(cdr, sample("Q", "y", null)).score(), 1e-12, "−50 − (−60)");
        LogRatio dpo = new LogRatio(LogRatio.Kind.DPO, strong, weak, null, null, null, 0.1, false, false,
                dev.arbiter.core.RewardSignature.of("dpo_implicit", 1));
        assertEquals(1.0, score(dpo, sample("Q", "y", null)).score(), 1e-12);
        LogRatio prime = new LogRatio(LogRatio.Kind.PRIME, strong, weak, null, null, null, 1, false, true,
                dev.arbiter.core.RewardSignature.of("prime_implicit", 1));
        RewardResult p = score(prime, sample("Q", "y", null));
        assertEquals(List.of(20.0, -10.0, 0.0), p.details().get("token_rewards"));
        LogRatio whole = new LogRatio(LogRatio.Kind.PRIME, strong, weak, null, null, null, 0.05, false, false,
                dev.arbiter.core.RewardSignature.of("prime_implicit", 1));
        assertEquals(List.of(0.0, 0.0, 0.5), score(whole, sample("Q", "y", null)).details().get("token_rewards"));
    }

    @Test
    void echoLogprobsCoverTheContinuationOverRealHttp() {
        Reward r = build("{type: dpo_implicit, policy_endpoint: " + ContractTests.lm() + ", reference_endpoint: "
                + ContractTests.lm().replace("policy", "ref") + ", template: none}");
        RewardResult res = score(r, sample("The answer is", " forty two", null));
        assertEquals(Status.OK, res.status());
        assertEquals(2, res.details().get("tokens"), "' forty' and ' two'");
        JsonNode sent = Fixtures.SERVER.received("/v1/completions").get(0).body();
        assertTrue(sent.path("echo").asBoolean());
    }

    @Test
    void vlmRmAndRlcfAndBmasArithmetic() {
        double[] t = {1, 0};
        double[] b = {0, 1};
        double[] x = {0.6, 0.8};
        assertEquals(0.6, EmbeddingRewards.vlmrm(x, t, b, 0), 1e-12);
        assertEquals(0.63, EmbeddingRewards.vlmrm(x, t, b, 0.5), 1e-12);
        assertEquals(0.64, EmbeddingRewards.vlmrm(x, t, b, 1), 1e-12);
        assertEquals(0.75, EmbeddingRewards.bmas(List.of(new float[] {1, 0}, new float[] {0, 1}), List.of(new float[] {1, 0}),
                Deadline.none()), 1e-12);
        Reward clip = build("{type: clip_score, model_dir: '" + Fixtures.CLIP + "'}");
        RewardResult c = score(clip, ContractTests.imageSample("a red cat"));
        double cos = (Double) c.details().get("cosine");
        assertEquals(Math.max(0, 2.5 * cos), c.score(), 1e-12);
        Reward bmas = build("{type: bmas, model_dir: '" + Fixtures.CLIP + "'}");
        assertEquals(1.0, score(bmas, sample("Q", "red cat", "cat red")).score(), 1e-6, "the same tokens both ways");
    }

    @Test
    void remoteRmSpeaksVllmAndTeiShapes() {
        ScriptedServer s = Fixtures.SERVER;
        s.on("/classify", body -> {
            var data = ScriptedServer.JSON.createArrayNode();
            for (int i = 0; i < body.path("input").size(); i++) {
                data.addObject().put("index", i).putArray("probs").add(body.path("input").get(i).asText().length() / 10.0);
            }
            return Reply.json(ScriptedServer.JSON.createObjectNode().set("data", data));
        });
        s.on("/predict", body -> {
            var out = ScriptedServer.JSON.createArrayNode();
            for (JsonNode in : body.path("inputs")) {
                var row = out.addArray();
                row.addObject().put("label", "LABEL_1").put("score", 9.0);
                row.addObject().put("label", "LABEL_0").put("score", in.asText().length() / 100.0);
            }
            return Reply.json(out);
        });
        String base = "{base_url: '" + s.baseUrl() + "'}";
        Reward vllm = build("{type: remote_rm, endpoint: " + base + "}");
        List<RewardResult> rs = vllm.scoreBatch(List.of(sample("Hi", "Hello", null), sample("Hi", null, null),
                sample("Hi", "Hello there", null)), Deadline.none());
        String rendered = "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello<|im_end|>\n";
        assertEquals(rendered.length() / 10.0, rs.get(0).score(), 1e-12);
        assertEquals(Status.INVALID_INPUT, rs.get(1).status());
        assertEquals(1, s.received("/classify").size(), "one request for the batch");
        assertEquals(false, s.received("/classify").get(0).body().path("activation").asBoolean(true));
        Reward tei = build("{type: remote_rm, endpoint: " + base + ", api: tei_predict, transform: sigmoid}");
        assertEquals(1 / (1 + Math.exp(-rendered.length() / 100.0)), score(tei, sample("Hi", "Hello", null)).score(), 1e-12);
        s.enqueue("/classify", Reply.garbage());
        Reward fresh = build("{type: remote_rm, endpoint: {base_url: '" + s.baseUrl() + "', cache_size: 0}}");
        RewardResult bad = score(fresh, sample("Hi", "Hello", null));
        assertEquals(Status.ERROR, bad.status());
        assertEquals("<html>not json at all", bad.details().get("raw"));
    }

    @Test
    void specErrorsNameTheKey() {
        SpecException e = assertThrows(SpecException.class,
                () -> build("{type: judge_correctness, endpoint: {base_url: 'http://x', api_key_env: NOT_SET_ANYWHERE_42}}"));
        assertTrue(e.getMessage().contains("NOT_SET_ANYWHERE_42"), e.getMessage());
        e = assertThrows(SpecException.class, () -> build("{type: judge_correctness, endpoint: " + endpoint() + ", prompt: nope}"));
        assertTrue(e.getMessage().contains("no built-in prompt 'nope'"), e.getMessage());
        e = assertThrows(SpecException.class, () -> build("{type: rlpr}"));
        assertTrue(e.getMessage().contains("exactly one of"), e.getMessage());
        e = assertThrows(SpecException.class, () -> build("{type: scalar_rm, model_dir: /nonexistent/rm}"));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
