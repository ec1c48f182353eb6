package dev.arbiter.models.logprob;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;
import dev.arbiter.models.ModelParams;
import dev.arbiter.models.rm.ChatTemplate;
import dev.arbiter.models.LogProbProvider;
import dev.arbiter.models.Outcomes;
import dev.arbiter.models.remote.RemoteException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The response's log-probability under one model minus under another, three ways:
 * <ul>
 *   <li>{@code dpo_implicit}: DPO's implicit reward {@code β·(log π(y|x) − log π_ref(y|x))}, summed over response
 *       tokens;</li>
 *   <li>{@code density_ratio}: CDR / Dr.SoW (catalog B4, reconstructed from the abstract) {@code log π_strong(y|x) −
 *       log π_weak(y|x)}, each model under its own system prompt (the "customised" criteria and exemplars), optionally
 *       per token ({@code normalize: tokens});</li>
 *   <li>{@code prime_implicit}: PRIME's implicit process reward (catalog B3): per token
 *       {@code q_t = log π_φ(y_t|y_<t) − log π_ref(y_t|y_<t)}, returned dense in {@code details.token_rewards}
 *       ({@code granularity: token}) or all on the last token ({@code whole}); the score is their sum. As in the
 *       authors' code the reward is q_t without β ({@code beta: 1}); the paper's {@code r_t = β·q_t} is
 *       {@code beta: 0.05}. The batch normalisation by max |reverse-cumsum| is batch-level and left to the
 *       trainer.</li>
 * </ul>
 * Both models must share a tokenizer for the per-token variant; the sums only need the same text.
 */
public record LogRatio(Kind kind, LogProbProvider first, LogProbProvider second, ChatTemplate template, String firstSystem,
                       String secondSystem, double beta, boolean perToken, boolean dense, RewardSignature signature)
        implements Reward {

    /** The three types. */
    public enum Kind { DPO, CDR, PRIME }

    @Override
    public RewardResult score(Sample s, Deadline deadline) {
        String response = LogProbSupport.response(s);
        if (response.isEmpty()) {
            return RewardResult.invalidInput("the response is empty: there is nothing to score");
        }
        try {
            LogProbProvider.TokenLogProbs a = first.logProbs(LogProbSupport.context(s, template, firstSystem), response, deadline);
            LogProbProvider.TokenLogProbs b = second.logProbs(LogProbSupport.context(s, template, secondSystem), response, deadline);
            Map<String, Double> comps = new LinkedHashMap<>();
            comps.put("logp_" + names()[0], a.sum());
            comps.put("logp_" + names()[1], b.sum());
            if (kind == Kind.PRIME) {
                if (a.size() != b.size()) {
                    return RewardResult.error("the PRM and the reference tokenised the response differently ("
                            + a.size() + " vs " + b.size() + " tokens); they must share a tokenizer");
                }
                double[] la = a.logprobs();
                double[] lb = b.logprobs();
                List<Double> tokens = new ArrayList<>();
                double sum = 0;
                for (int i = 0; i < la.length; i++) {
                    double q = beta * (la[i] - lb[i]);
                    sum += q;
                    tokens.add(dense ? q : 0.0);
                }
                if (!dense) {
                    tokens.set(tokens.size() - 1, sum);
                }
                return RewardResult.ok(sum, "Σ_t q_t over " + la.length + " tokens").withComponents(comps)
                        .withDetail("token_rewards", tokens).withDetail("tokens", a.tokens());
            }
            double diff = a.sum() - b.sum();
            if (perToken) {
                diff = a.sum() / Math.max(1, a.size()) - b.sum() / Math.max(1, b.size());
            }
            double score = (kind == Kind.DPO ? beta : 1.0) * diff;
            return RewardResult.ok(score).withComponents(comps).withDetail("tokens", a.size());
        } catch (RemoteException e) {
            return Outcomes.remoteFailure(e);
        }
    }

    private String[] names() {
        return switch (kind) {
            case DPO -> new String[] {"policy", "reference"};
            case CDR -> new String[] {"strong", "weak"};
            default -> new String[] {"prm", "reference"};
        };
    }

    public static final class DpoFactory implements RewardFactory {
        @Override public String name() { return "dpo_implicit"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "models"; }
        @Override public String source() { return "DPO (Rafailov et al. 2023), implicit reward"; }
        @Override public String description() {
            return "β·(log π(y|x) − log π_ref(y|x)) summed over the response tokens; unbounded.";
        }
        @Override public List<Param> parameters() {
            List<Param> ps = new ArrayList<>(LogProbSupport.model("policy", "the policy"));
            ps.addAll(LogProbSupport.model("reference", "the reference model"));
            ps.addAll(LogProbSupport.template());
            ps.add(Param.optional("beta", ParamKind.DOUBLE, 0.1, "β"));
            return ps;
        }

        @Override
        public Reward create(Params p) {
            return new LogRatio(Kind.DPO, LogProbSupport.provider(p, "policy"), LogProbSupport.provider(p, "reference"),
                    ModelParams.chatTemplate(p), null, null, p.number("beta"), false, false, p.signature(version()));
        }
    }

    public static final class CdrFactory implements RewardFactory {
        @Override public String name() { return "density_ratio"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "models"; }
        @Override public String source() { return "CDR / Dr.SoW, arXiv 2411.02481 (abstract; reconstruction)"; }
        @Override public String description() {
            return "log π_strong(y|x) − log π_weak(y|x), each under its own system prompt; unbounded.";
        }
        @Override public List<Param> parameters() {
            List<Param> ps = new ArrayList<>(LogProbSupport.model("strong", "the strong (better aligned) model"));
            ps.addAll(LogProbSupport.model("weak", "the weak model"));
            ps.addAll(LogProbSupport.template());
            ps.add(Param.optional("strong_system", ParamKind.STRING, null, "the strong model's system prompt (criteria, exemplars)"));
            ps.add(Param.optional("weak_system", ParamKind.STRING, null, "the weak model's system prompt"));
            ps.add(Param.choice("normalize", "none", List.of("none", "tokens"), "tokens: per-token means instead of sums"));
            return ps;
        }

        @Override
        public Reward create(Params p) {
            return new LogRatio(Kind.CDR, LogProbSupport.provider(p, "strong"), LogProbSupport.provider(p, "weak"),
                    ModelParams.chatTemplate(p), p.string("strong_system"), p.string("weak_system"), 1.0,
                    p.string("normalize").equals("tokens"), false, p.signature(version()));
        }
    }

    public static final class PrimeFactory implements RewardFactory {
        @Override public String name() { return "prime_implicit"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "models"; }
        @Override public String source() { return "PRIME (PRIME-RL/PRIME dp_prime.py compute_implicit_reward)"; }
        @Override public String description() {
            return "PRIME implicit process rewards: dense per-token β·(log π_φ − log π_ref) in details.token_rewards; score = their sum.";
        }
        @Override public List<Param> parameters() {
            List<Param> ps = new ArrayList<>(LogProbSupport.model("prm", "the implicit PRM"));
            ps.addAll(LogProbSupport.model("reference", "the frozen reference model"));
            ps.addAll(LogProbSupport.template());
            ps.add(Param.optional("beta", ParamKind.DOUBLE, 1.0, "1 = the authors' code (q_t); 0.05 = the paper's r_t"));
            ps.add(Param.choice("granularity", "token", List.of("token", "whole"), "token: dense; whole: the sum on the last token"));
            return ps;
        }

        @Override
        public Reward create(Params p) {
            return new LogRatio(Kind.PRIME, LogProbSupport.provider(p, "prm"), LogProbSupport.provider(p, "reference"),
                    ModelParams.chatTemplate(p), null, null, p.number("beta"), false, p.string("granularity").equals("token"),
                    p.signature(version()));
        }
    }
}
