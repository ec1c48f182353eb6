package dev.arbiter.models;

import dev.arbiter.core.Sample;
import dev.arbiter.testkit.RewardContractTest;
import org.junit.jupiter.api.Nested;

import java.util.List;

import static dev.arbiter.models.Fixtures.endpoint;
import static dev.arbiter.models.Fixtures.sample;

/** Every models type under the shared reward contract, against the tiny models and the scripted server. */
class ContractTests {

    /** The endpoint as the signature prints it. */
    static String sigEndpoint() {
        String json = "{\"base_url\":\"" + Fixtures.SERVER.baseUrl() + "/v1\",\"model\":\"judge\",\"api_key_env\":"
                + "\"ARBITER_TEST_API_KEY\",\"max_attempts\":2,\"backoff\":\"1ms\"}";
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String common(String prompt, int maxTokens, String temperature) {
        return "endpoint=" + sigEndpoint() + ",prompt=" + prompt + ",temperature=" + temperature + ",max_tokens="
                + maxTokens + ",seed=none,max_input_chars=100000,unparsed=error";
    }

    static List<Sample> qa() {
        return List.of(sample("What is the capital of France?", "The capital is Paris.", "Paris"),
                sample("What is 6 times 7?", "I think it is 41.", "42"),
                sample("Name a red fruit.", "An apple.", "apple"));
    }

    @Nested
    class ScalarRmContract extends RewardContractTest {
        @Override protected String spec() { return "{type: scalar_rm, model_dir: '" + Fixtures.RM + "'}"; }
        @Override protected String otherSpec() { return "{type: scalar_rm, model_dir: '" + Fixtures.RM + "', transform: sigmoid}"; }
        @Override protected String expectedSignature() {
            return "scalar_rm@1(model_dir=" + Fixtures.RM + ",model_file=model.onnx,template=auto,max_length=0,truncation=error,"
                    + "batch_size=16,pad_multiple=16,max_batch_tokens=16384,intra_op_threads=1,label=0,transform=none,batch_window=2ms)";
        }
        @Override protected boolean requiresReference() { return false; }
        @Override protected double minScore() { return -1e6; }
        @Override protected double maxScore() { return 1e6; }
        @Override protected List<Sample> samples() { return qa(); }
    }

    @Nested
    class CorrectnessContract extends RewardContractTest {
        @Override protected String spec() { return "{type: judge_correctness, endpoint: " + endpoint() + "}"; }
        @Override protected String otherSpec() { return "{type: judge_correctness, endpoint: " + endpoint() + ", unparsed: zero}"; }
        @Override protected String expectedSignature() { return "judge_correctness@1(" + common("master_rm", 8, "0") + ")"; }
        @Override protected List<Sample> samples() { return qa(); }
    }

    @Nested
    class LlmMatchContract extends RewardContractTest {
        @Override protected String spec() { return "{type: judge_llm_match, endpoint: " + endpoint() + "}"; }
        @Override protected String otherSpec() { return "{type: judge_llm_match, endpoint: " + endpoint() + ", fallback: none}"; }
        @Override protected String expectedSignature() {
            return "judge_llm_match@1(fallback=exact_match," + common("vlmr1_llm", 16, "0") + ")";
        }
        @Override protected List<Sample> samples() { return qa(); }
    }

    @Nested
    class RubricContract extends RewardContractTest {
        @Override protected String spec() { return "{type: judge_rubric, endpoint: " + endpoint() + "}"; }
        @Override protected String otherSpec() { return "{type: judge_rubric, endpoint: " + endpoint() + ", logprobs: false}"; }
        @Override protected String expectedSignature() {
            return "judge_rubric@1(rubric=\"" + dev.arbiter.models.judge.ScaleJudge.RubricFactory.class.getSimpleName().replace("RubricFactory", "")
                    + "\"" + ")";
        }
        @Override protected boolean requiresReference() { return false; }
        @Override protected List<Sample> samples() { return qa(); }
        @Override public void signatureIsPinnedAndStable() {
            assertSignatureStarts(reward().signature().text(), "judge_rubric@1(rubric=\"1 = unhelpful");
            org.junit.jupiter.api.Assertions.assertTrue(reward().signature().text().endsWith(
                    "labels=[1,2,3,4,5],logprobs=yes,top_logprobs=20," + common("rubric", 4, "0") + ")"), reward().signature().text());
        }
    }

    @Nested
    class PrincipleContract extends RewardContractTest {
        @Override protected String spec() { return "{type: judge_principle, endpoint: " + endpoint() + ", principle: 'Be concise.'}"; }
        @Override protected String otherSpec() { return "{type: judge_principle, endpoint: " + endpoint() + ", principle: 'Be thorough.'}"; }
        @Override protected String expectedSignature() {
            return "judge_principle@1(principle=\"Be concise.\",labels=[1,2,3,4,5],logprobs=yes,top_logprobs=20,"
                    + common("principle", 4, "0") + ")";
        }
        @Override protected boolean requiresReference() { return false; }
        @Override protected List<Sample> samples() { return qa(); }
    }

    @Nested
    class PairwiseContract extends RewardContractTest {
        @Override protected String spec() { return "{type: judge_pairwise, endpoint: " + endpoint() + "}"; }
        @Override protected String otherSpec() { return "{type: judge_pairwise, endpoint: " + endpoint() + ", rule: agree}"; }
        @Override protected String expectedSignature() {
            return "judge_pairwise@1(baseline=reference,orders=both,rule=vote," + common("pairwise", 1024, "0") + ")";
        }
        @Override protected List<Sample> samples() { return qa(); }
    }

    @Nested
    class WildBenchPairwiseContract extends RewardContractTest {
        @Override protected String spec() { return "{type: judge_wildbench_pairwise, endpoint: " + endpoint() + "}"; }
        @Override protected String otherSpec() { return "{type: judge_wildbench_pairwise, endpoint: " + endpoint() + ", length_margin: 500}"; }
        @Override protected String expectedSignature() {
            return "judge_wildbench_pairwise@1(baseline=reference,test_position=a,length_margin=-1,"
                    + common("wildbench_pairwise", 2048, "0") + ")";
        }
        @Override protected double minScore() { return -1; }
        @Override protected List<Sample> samples() { return qa(); }
    }

    @Nested
    class WildBenchScoreContract extends RewardContractTest {
        @Override protected String spec() { return "{type: judge_wildbench_score, endpoint: " + endpoint() + "}"; }
        @Override protected String otherSpec() { return "{type: judge_wildbench_score, endpoint: " + endpoint() + ", max_tokens: 99}"; }
        @Override protected String expectedSignature() {
            return "judge_wildbench_score@1(" + common("wildbench_score", 2048, "0") + ")";
        }
        @Override protected boolean requiresReference() { return false; }
        @Override protected double minScore() { return 1; }
        @Override protected double maxScore() { return 10; }
        @Override protected List<Sample> samples() { return qa(); }
    }

    @Nested
    class CritiqueContract extends RewardContractTest {
        @Override protected String spec() { return "{type: judge_critique, endpoint: " + endpoint() + ", k: 3, meta_top: 2}"; }
        @Override protected String otherSpec() { return "{type: judge_critique, endpoint: " + endpoint() + ", k: 3, voting: majority}"; }
        @Override protected String expectedSignature() {
            return "judge_critique@1(k=3,voting=mean,meta_top=2,meta_endpoint=none,meta_prompt=meta_critique,"
                    + common("critique", 1024, "0.7") + ")";
        }
        @Override protected boolean requiresReference() { return false; }
        @Override protected double minScore() { return 1; }
        @Override protected double maxScore() { return 10; }
        @Override protected List<Sample> samples() { return qa(); }
    }

    @Nested
    class R1RewardContract extends RewardContractTest {
        @Override protected String spec() { return "{type: r1_reward, endpoint: " + endpoint() + "}"; }
        @Override protected String otherSpec() { return "{type: r1_reward, endpoint: " + endpoint() + ", retries: 0}"; }
        @Override protected String expectedSignature() {
            return "r1_reward@1(retries=3,equivalence=none,verifier_error=error," + common("r1_consistency", 4096, "0.1") + ")";
        }
        @Override protected double maxScore() { return 2; }
        @Override protected List<Sample> samples() {
            return List.of(sample("Which response is better?", "<think>Response 1 is correct.\nSo 1.</think><answer>1</answer>", "1"),
                    sample("Which response is better?", "<think>Response 2 is worse.</think><answer>1</answer>", "1"),
                    sample("Which response is better?", "<answer>2</answer>", "1"));
        }
    }

    @Nested
    class ThinkingContract extends RewardContractTest {
        @Override protected String spec() { return "{type: judge_thinking, endpoint: " + endpoint() + "}"; }
        @Override protected String otherSpec() { return "{type: judge_thinking, endpoint: " + endpoint() + ", unparsed: zero}"; }
        @Override protected String expectedSignature() {
            return "judge_thinking@1(code_faithful=no," + common("sophiavl_thinking", 1024, "0") + ")";
        }
        @Override protected boolean requiresReference() { return false; }
        @Override protected List<Sample> samples() { return qa(); }
    }

    static String lm() {
        return "{base_url: '" + Fixtures.SERVER.baseUrl() + "/v1', model: policy}";
    }

    @Nested
    class RlprContract extends RewardContractTest {
        @Override protected String spec() { return "{type: rlpr, policy_endpoint: " + lm() + "}"; }
        @Override protected String otherSpec() { return "{type: rlpr, policy_endpoint: " + lm() + ", bf16: false}"; }
        @Override protected String expectedSignature() {
            return reward().signature().text();
        }
        @Override protected double minScore() { return -2; }
        @Override protected List<Sample> samples() {
            return List.of(sample("What is 6*7?", "<think>6*7 is 42</think> <answer>42</answer>", "42"),
                    sample("What is 6*7?", "It is 41.", "42"));
        }
    }

    @Nested
    class RlprLocalContract extends RewardContractTest {
        @Override protected String spec() { return "{type: rlpr, policy_model_dir: '" + Fixtures.LM + "'}"; }
        @Override protected String otherSpec() { return "{type: rlpr, policy_model_dir: '" + Fixtures.LM + "', debias: false}"; }
        @Override protected String expectedSignature() {
            return "rlpr@1(policy_endpoint=none,policy_model_dir=" + Fixtures.LM + ",template=chatml,tokenizer_dir=none,score_name=mean_exp_log_softmax,"
                    + "bf16=yes,debias=yes,shaping=threshold_0,format_coefficient=0.1,repetition_penalty=yes,repetition_limit=10)";
        }
        @Override protected double minScore() { return -2; }
        @Override protected List<Sample> samples() {
            return List.of(sample("what is 6 times 7?", "<think>6 times 7 is 42</think> <answer>42</answer>", "42"),
                    sample("capital of france?", "<think>paris</think><answer>rome</answer>", "paris"));
        }
    }

    @Nested
    class DpoContract extends RewardContractTest {
        @Override protected String spec() { return "{type: dpo_implicit, policy_endpoint: " + lm() + ", reference_model_dir: '" + Fixtures.LM + "'}"; }
        @Override protected String otherSpec() { return "{type: dpo_implicit, policy_endpoint: " + lm() + ", reference_model_dir: '" + Fixtures.LM + "', beta: 0.5}"; }
        @Override protected String expectedSignature() { return reward().signature().text(); }
        @Override protected boolean requiresReference() { return false; }
        @Override protected double minScore() { return -1e6; }
        @Override protected double maxScore() { return 1e6; }
        @Override protected List<Sample> samples() { return qa(); }
    }

    @Nested
    class CdrContract extends RewardContractTest {
        String base() {
            return "{type: density_ratio, strong_endpoint: " + lm() + ", weak_endpoint: " + lm().replace("policy", "weak")
                    + ", strong_system: 'Be precise.'";
        }
        @Override protected String spec() { return base() + "}"; }
        @Override protected String otherSpec() { return base() + ", normalize: tokens}"; }
        @Override protected String expectedSignature() { return reward().signature().text(); }
        @Override protected boolean requiresReference() { return false; }
        @Override protected double minScore() { return -1e6; }
        @Override protected double maxScore() { return 1e6; }
        @Override protected List<Sample> samples() { return qa(); }
    }

    @Nested
    class PrimeContract extends RewardContractTest {
        @Override protected String spec() { return "{type: prime_implicit, prm_model_dir: '" + Fixtures.LM + "', reference_model_dir: '" + Fixtures.LM + "'}"; }
        @Override protected String otherSpec() { return "{type: prime_implicit, prm_model_dir: '" + Fixtures.LM + "', reference_model_dir: '" + Fixtures.LM + "', granularity: whole}"; }
        @Override protected String expectedSignature() { return reward().signature().text(); }
        @Override protected boolean requiresReference() { return false; }
        @Override protected double minScore() { return -1e6; }
        @Override protected double maxScore() { return 1e6; }
        @Override protected List<Sample> samples() { return qa(); }
    }

    static Sample imageSample(String caption) {
        return Fixtures.withMeta(sample("describe the image", caption, "a red cat"), "image", ScriptedServer.JSON.getNodeFactory().textNode(Images.PNG_RED));
    }

    @Nested
    class GoalBaselineContract extends RewardContractTest {
        String base() {
            return "{type: clip_goal_baseline, model_dir: '" + Fixtures.CLIP + "', goals: ['a red cat'], baselines: ['a cat']";
        }
        @Override protected String spec() { return base() + "}"; }
        @Override protected String otherSpec() { return base() + ", alpha: 1}"; }
        @Override protected String expectedSignature() {
            return "clip_goal_baseline@1(model_dir=" + Fixtures.CLIP + ",goals=[a red cat],baselines=[a cat],alpha=0.5)".replace("[a red cat]", "[\"a red cat\"]").replace("[a cat]", "[\"a cat\"]");
        }
        @Override protected boolean requiresReference() { return false; }
        @Override protected double minScore() { return -1; }
        @Override protected List<Sample> samples() { return List.of(imageSample("x"), Fixtures.withMeta(imageSample("y"), "image", ScriptedServer.JSON.getNodeFactory().textNode(Images.PNG_BLUE))); }
    }

    @Nested
    class ClipScoreContract extends RewardContractTest {
        @Override protected String spec() { return "{type: clip_score, model_dir: '" + Fixtures.CLIP + "'}"; }
        @Override protected String otherSpec() { return "{type: clip_score, model_dir: '" + Fixtures.CLIP + "', weight: 1}"; }
        @Override protected String expectedSignature() { return "clip_score@1(model_dir=" + Fixtures.CLIP + ",weight=2.5)"; }
        @Override protected boolean requiresReference() { return false; }
        @Override protected double maxScore() { return 2.5; }
        @Override protected List<Sample> samples() { return List.of(imageSample("a red cat"), imageSample("a blue dog")); }
    }

    @Nested
    class BmasContract extends RewardContractTest {
        @Override protected String spec() { return "{type: bmas, model_dir: '" + Fixtures.CLIP + "'}"; }
        @Override protected String otherSpec() { return "{type: bmas, model_dir: '" + Fixtures.RM + "'}"; }
        @Override protected String expectedSignature() { return "bmas@1(model_dir=" + Fixtures.CLIP + ")"; }
        @Override protected double minScore() { return -1; }
        @Override protected List<Sample> samples() { return qa(); }
        @Override public void signatureIsPinnedAndStable() {
            org.junit.jupiter.api.Assertions.assertEquals(expectedSignature(), reward().signature().text());
        }
    }

    static void assertSignatureStarts(String sig, String prefix) {
        org.junit.jupiter.api.Assertions.assertTrue(sig.startsWith(prefix), sig);
    }
}
