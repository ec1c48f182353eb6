package dev.arbiter.models.judge;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;
import dev.arbiter.models.Judge;
import dev.arbiter.models.ModelParams;
import dev.arbiter.models.Outcomes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * {@code judge_critique}: critique-then-score (DeepSeek-GRM, MM-RLHF's critique-based RM). {@code k} critiques are
 * sampled in parallel, as separate requests with seeds {@code seed, seed+1, …} (every server honours that, and the
 * cache keeps them apart); each ends with "Final score: N" (1–10). Unreadable critiques are dropped. An optional
 * meta-RM keeps the {@code meta_top} critiques it trusts most (P(YES) from its top logprobs, else its YES/NO), as
 * DeepSeek-GRM's meta-RM-guided voting does. The kept scores are combined by {@code voting}: {@code mean} (in
 * [1, 10]), {@code sum} (DeepSeek-GRM's voting, in [k, 10k]) or {@code majority} (the most frequent score, ties to the
 * lower).
 */
public record CritiqueJudge(JudgeSupport.Settings settings, int k, long seed, String voting, int metaTop,
                            JudgeSupport.Settings meta, RewardSignature signature) implements JudgeReward {

    @Override
    public RewardResult judge(Sample s, Deadline deadline) {
        String response = settings.response(s);
        String q = JudgeSupport.question(s);
        List<String> images = JudgeSupport.images(s);
        List<String> critiques = settings.parallel(IntStream.range(0, k).boxed().toList(), i -> {
            JudgeSupport.Settings seeded = settings.withSeed(seed + i);
            return seeded.call(Map.of("question", q, "response", response), images, 1, 0, deadline).first().text();
        });
        List<Integer> readable = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (int i = 0; i < critiques.size(); i++) {
            OptionalDouble v = Verdicts.finalScore(critiques.get(i));
            if (v.isPresent() && v.getAsDouble() >= 1 && v.getAsDouble() <= 10) {
                readable.add(i);
                scores.add(v.getAsDouble());
            }
        }
        if (readable.isEmpty()) {
            return Outcomes.unparsed("a final score in any of the " + k + " critiques", critiques.get(0),
                    settings.unparsedZero()).withDetail("critiques", critiques.stream().map(Outcomes::clip).toList());
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("scores", scores);
        d.put("dropped", k - readable.size());
        List<Integer> kept = IntStream.range(0, readable.size()).boxed().toList();
        if (meta != null && metaTop > 0 && metaTop < readable.size()) {
            List<Double> trust = settings.parallel(readable, i -> trust(q, response, critiques.get(i), deadline));
            kept = kept.stream().sorted(Comparator.<Integer>comparingDouble(j -> -trust.get(j)).thenComparingInt(j -> j))
                    .limit(metaTop).sorted().toList();
            d.put("meta_trust", trust);
        }
        List<Double> keptScores = kept.stream().map(scores::get).toList();
        d.put("kept", keptScores);
        double result = switch (voting) {
            case "sum" -> keptScores.stream().mapToDouble(Double::doubleValue).sum();
            case "majority" -> majority(keptScores);
            default -> keptScores.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        };
        return RewardResult.ok(result, voting + " of " + keptScores.size() + " critique score(s)").withDetails(d);
    }

    private double trust(String q, String response, String critique, Deadline deadline) {
        Judge.Completion c = meta.call(Map.of("question", q, "response", response, "critique", critique), List.of(), 1, 5,
                deadline).first();
        OptionalDouble p = Verdicts.yesProbability(c.tokens());
        if (p.isPresent()) {
            return p.getAsDouble();
        }
        return Verdicts.yesNo(c.text()).map(y -> y ? 1.0 : 0.0).orElse(0.0);
    }

    static double majority(List<Double> scores) {
        Map<Double, Integer> counts = new TreeMap<>();
        scores.forEach(s -> counts.merge(s, 1, Integer::sum));
        double best = scores.get(0);
        int bestCount = -1;
        for (Map.Entry<Double, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "judge_critique"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "models"; }
        @Override public String source() { return "DeepSeek-GRM (inference-time scaling of generalist RMs); MM-RLHF critique RM"; }
        @Override public String description() {
            return "k sampled critique-then-score judgements (1–10), optionally meta-RM filtered, voted: mean/majority in [1, 10], sum in [k, 10k].";
        }
        @Override public List<Param> parameters() {
            return JudgeSupport.with(List.of(
                    Param.optional("k", ParamKind.INT, 4, "critiques sampled per response"),
                    Param.choice("voting", "mean", List.of("mean", "sum", "majority"), "how the scores combine"),
                    Param.optional("meta_top", ParamKind.INT, 0, "keep the meta-RM's top critiques; 0 = no meta-RM"),
                    ModelParams.optionalEndpoint("meta_endpoint", "the meta-RM; default: the judge's endpoint"),
                    Param.optional("meta_prompt", ParamKind.STRING, "meta_critique", "the meta-RM's prompt")),
                    JudgeSupport.parameters("critique", 1024, 0.7));
        }

        @Override
        public Reward create(Params p) {
            if (p.integer("k") < 1 || p.integer("k") > 64) {
                throw p.error("k", "k must be 1–64, got " + p.integer("k"));
            }
            JudgeSupport.Settings s = JudgeSupport.settings(p, Set.of("question", "response"));
            JudgeSupport.Settings meta = null;
            if (p.integer("meta_top") > 0) {
                PromptTemplate mt;
                try {
                    mt = PromptTemplate.load(p.string("meta_prompt"), Set.of("question", "response", "critique"));
                } catch (IllegalArgumentException e) {
                    throw p.error("meta_prompt", e.getMessage());
                }
                Judge mj = p.isSet("meta_endpoint") ? ModelParams.judge(p, "meta_endpoint") : s.judge();
                meta = new JudgeSupport.Settings(mj, mt, 0.0, 4, null, s.maxInputChars(), false, s.fanout());
            }
            long seed = s.seed() == null ? 0 : s.seed();
            return new CritiqueJudge(s, p.integer("k"), seed, p.string("voting"), p.integer("meta_top"), meta,
                    p.signature(version()));
        }
    }
}
