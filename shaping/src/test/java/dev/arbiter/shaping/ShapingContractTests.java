package dev.arbiter.shaping;

import dev.arbiter.core.Sample;
import dev.arbiter.testkit.RewardContractTest;
import org.junit.jupiter.api.Nested;

import java.util.List;

import static dev.arbiter.shaping.S.sample;

/** Every per-sample shaping type under the shared reward contract. */
class ShapingContractTests {

    abstract static class Unbounded extends RewardContractTest {
        @Override protected boolean requiresReference() { return false; }
        @Override protected double minScore() { return Double.NEGATIVE_INFINITY; }
        @Override protected double maxScore() { return Double.POSITIVE_INFINITY; }
    }

    @Nested
    class MetaScoreContract extends Unbounded {
        @Override protected String spec() { return "{type: meta_score, field: rm}"; }
        @Override protected String otherSpec() { return "{type: meta_score, field: rm, default: 0}"; }
        @Override protected String expectedSignature() { return "meta_score@1(field=rm,default=none)"; }
        @Override protected List<Sample> samples() { return List.of(sample("{\"rm\": 1.5}"), sample("{\"rm\": -2}")); }
    }

    @Nested
    class KlContract extends Unbounded {
        @Override protected String spec() { return "{type: kl_regularized, beta: 0.05, reward: {type: meta_score, field: rm}}"; }
        @Override protected String otherSpec() { return "{type: kl_regularized, beta: 0.1, reward: {type: meta_score, field: rm}}"; }
        @Override protected String expectedSignature() {
            return "kl_regularized@1(reward=meta_score@1(field=rm,default=none),beta=0.05,estimator=k1,log_ratios_field=log_ratios,"
                    + "logprobs_field=logprobs,ref_logprobs_field=ref_logprobs,emit_tokens=no)";
        }
        @Override protected List<Sample> samples() {
            return List.of(sample("{\"rm\": 1, \"log_ratios\": [0.2, -0.1, 0.4]}"),
                    sample("{\"rm\": 0, \"logprobs\": [-1, -2], \"ref_logprobs\": [-1.5, -1]}"));
        }
    }

    @Nested
    class PrmContract extends Unbounded {
        @Override protected String spec() { return "{type: prm_shaping, eta: 0.7}"; }
        @Override protected String otherSpec() { return "{type: prm_shaping, eta: 0.5}"; }
        @Override protected String expectedSignature() {
            return "prm_shaping@1(mode=clip_delta,eta=0.7,alpha=1,field=step_scores,steps=none,success=none)";
        }
        @Override protected List<Sample> samples() {
            return List.of(sample("{\"step_scores\": [0.9, 0.6, 0.8]}"), sample("{\"step_scores\": []}"));
        }
    }

    @Nested
    class BrmeContract extends Unbounded {
        @Override protected String spec() { return "{type: brme, lambda: 0.5}"; }
        @Override protected String otherSpec() { return "{type: brme, lambda: 0.3}"; }
        @Override protected String expectedSignature() { return "brme@1(lambda=0.5,nominal=auto,field=ensemble,rewards=none)"; }
        @Override protected List<Sample> samples() {
            return List.of(sample("{\"ensemble\": [{\"mean\": 1.2, \"std\": 0.1}, {\"mean\": 0.8, \"std\": 0.3}]}"),
                    sample("{\"ensemble\": [1, 2, 3]}"));
        }
    }

    @Nested
    class DpaContract extends Unbounded {
        @Override protected String spec() { return "{type: dpa, theta: -15}"; }
        @Override protected String otherSpec() { return "{type: dpa, theta: 15}"; }
        @Override protected String expectedSignature() {
            return "dpa@1(theta=-15,x_objective=helpfulness,y_objective=verbosity,weights=none,normalize=yes,field=objectives,reward=none)";
        }
        @Override protected List<Sample> samples() {
            return List.of(sample("{\"objectives\": {\"helpfulness\": 70, \"verbosity\": 40}}"));
        }
    }

    @Nested
    class LambdaHarmonicContract extends RewardContractTest {
        @Override protected String spec() { return "lambda_harmonic"; }
        @Override protected String otherSpec() { return "{type: lambda_harmonic, lambda: 0.5}"; }
        @Override protected String expectedSignature() {
            return "lambda_harmonic@1(lambda=0.3,cosine=yes,subject_field=subject_similarity,text_field=text_similarity,subject=none,text=none)";
        }
        @Override protected boolean requiresReference() { return false; }
        @Override protected List<Sample> samples() {
            return List.of(sample("{\"subject_similarity\": 0.8, \"text_similarity\": 0.3}"),
                    sample("{\"subject_similarity\": [-1, -0.9], \"text_similarity\": 0.5}"));
        }
    }

    @Nested
    class ParContract extends RewardContractTest {
        @Override protected String spec() { return "{type: par, reward: {type: meta_score, field: rm}}"; }
        @Override protected String otherSpec() { return "{type: par, k: 2, reward: {type: meta_score, field: rm}}"; }
        @Override protected String expectedSignature() {
            return "par@1(reward=meta_score@1(field=rm,default=none),method=par,refs_field=reference_rewards,max_refs=10,k=1,"
                    + "sgfc_shift=3,lsc_percentile=0.85,ceil=none,length_penalty=no,max_length=300,length_coef=0.01,"
                    + "length_field=response_length,code_faithful=yes)";
        }
        @Override protected boolean requiresReference() { return false; }
        @Override protected List<Sample> samples() {
            return List.of(sample("{\"rm\": 2.0, \"reference_rewards\": [0, 1]}"), sample("{\"rm\": -3, \"reference_rewards\": [0]}"));
        }
    }

    @Nested
    class NoiseFlipContract extends RewardContractTest {
        @Override protected String spec() { return "{type: noise_flip, p: 0.5, reward: {type: meta_score, field: acc}}"; }
        @Override protected String otherSpec() { return "{type: noise_flip, p: 0.5, seed: 7, reward: {type: meta_score, field: acc}}"; }
        @Override protected String expectedSignature() {
            return "noise_flip@1(reward=meta_score@1(field=acc,default=none),p=0.5,seed=0,flip=one_minus,key=group,"
                    + "when_correct=none,correct_threshold=0.5)";
        }
        @Override protected boolean requiresReference() { return false; }
        @Override protected List<Sample> samples() {
            return List.of(S.sample("1", "a", "{\"acc\": 1}"), S.sample("2", "b", "{\"acc\": 0}"),
                    S.sample("3", "c", "{\"acc\": 1}"), S.sample("4", "", "{\"acc\": 0}"));
        }
    }

    @Nested
    class ScirContract extends RewardContractTest {
        @Override protected String spec() { return "scir_consistency"; }
        @Override protected String otherSpec() { return "{type: scir_consistency, margin: 0.05}"; }
        @Override protected String expectedSignature() {
            return "scir_consistency@1(probs_field=preference_probs,dpo_field=dpo_log_ratios,beta=0.1,margin=0)";
        }
        @Override protected boolean requiresReference() { return false; }
        @Override protected List<Sample> samples() {
            return List.of(sample("{\"preference_probs\": [0.8, 0.65]}"), sample("{\"preference_probs\": [0.8, 0.4]}"));
        }
    }

    @Nested
    class DifficultyScaleContract extends Unbounded {
        @Override protected String spec() { return "{type: difficulty_scale, reward: {type: meta_score, field: rm}}"; }
        @Override protected String otherSpec() { return "{type: difficulty_scale, default: 1, reward: {type: meta_score, field: rm}}"; }
        @Override protected String expectedSignature() {
            return "difficulty_scale@1(reward=meta_score@1(field=rm,default=none),field=difficulty_scale,default=none)";
        }
        @Override protected List<Sample> samples() {
            return List.of(sample("{\"rm\": 1, \"difficulty_scale\": 1.5}"));
        }
    }
}
