package dev.arbiter.models.judge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;
import dev.arbiter.models.Outcomes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * WildBench's checklist-guided judge (catalog B8), the judge call and its reading; aggregation over items (task-macro
 * WB-Reward, WB-Score) is the {@code tools} module's {@code wb_reward} / {@code wb_score}. The checklist comes from
 * {@code meta.checklist} (a list or a string); earlier chat turns fill the history.
 * <ul>
 *   <li>{@code judge_wildbench_pairwise}: the response (A, or B with {@code test_position: b}) against a baseline;
 *       the choice maps to +1, +0.5, 0, −0.5, −1 for the response. With {@code length_margin} K ≥ 0, a slight win
 *       by a response more than K characters longer than the loser becomes a tie. An empty side is judged without a
 *       call (empty loses much; both empty tie).</li>
 *   <li>{@code judge_wildbench_score}: the 1–10 score; {@code details.adjusted} is (score − 5)·2.</li>
 * </ul>
 */
public final class WildBenchJudge {
    private WildBenchJudge() {
    }

    static String checklist(Sample s) {
        JsonNode c = s.meta().get("checklist");
        if (c == null || c.isNull()) {
            return "(no checklist)";
        }
        if (c.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode i : c) {
                items.add("- " + i.asText());
            }
            return String.join("\n", items);
        }
        return c.asText();
    }

    /** The pairwise reward of the response for a choice, with the length rule. */
    static double reward(String choice, boolean testIsA, int testLength, int otherLength, int margin) {
        double forA = switch (choice) {
            case "A++" -> 1.0;
            case "A+" -> 0.5;
            case "B+" -> -0.5;
            case "B++" -> -1.0;
            default -> 0.0;
        };
        double r = testIsA ? forA : -forA;
        if (margin >= 0 && Math.abs(r) == 0.5) {
            boolean testWon = r > 0;
            int winner = testWon ? testLength : otherLength;
            int loser = testWon ? otherLength : testLength;
            if (winner > loser + margin) {
                return 0.0;
            }
        }
        return r;
    }

    /** {@code judge_wildbench_pairwise}. */
    public record Pairwise(JudgeSupport.Settings settings, String baseline, boolean testIsA, int margin,
                           RewardSignature signature) implements JudgeReward {
        @Override
        public RewardResult judge(Sample s, Deadline deadline) {
            String response = settings.response(s);
            String other = settings.bounded(Baselines.of(s, baseline), "baseline");
            if (response.isBlank() || other.isBlank()) {
                double r = response.isBlank() && other.isBlank() ? 0.0 : response.isBlank() ? -1.0 : 1.0;
                return RewardResult.ok(r, "an empty side is judged without a call").withDetail("choice", "auto");
            }
            String raw = settings.call(Map.of("history", JudgeSupport.history(s), "question", JudgeSupport.question(s),
                    "response_a", testIsA ? response : other, "response_b", testIsA ? other : response,
                    "checklist", checklist(s)), deadline).first().text();
            Optional<String> choice = Verdicts.wildbenchChoice(raw);
            if (choice.isEmpty()) {
                return Outcomes.unparsed("a choice (A++, A+, A=B, B+, B++)", raw, settings.unparsedZero());
            }
            double r = reward(choice.get(), testIsA, response.length(), other.length(), margin);
            return RewardResult.ok(r, "choice " + choice.get() + " with the response as " + (testIsA ? "A" : "B"))
                    .withDetail("choice", choice.get()).withDetail("raw", Outcomes.clip(raw));
        }
    }

    /** {@code judge_wildbench_score}. */
    public record Single(JudgeSupport.Settings settings, RewardSignature signature) implements JudgeReward {
        @Override
        public RewardResult judge(Sample s, Deadline deadline) {
            String response = settings.response(s);
            String raw = settings.call(Map.of("history", JudgeSupport.history(s), "question", JudgeSupport.question(s),
                    "response", response, "checklist", checklist(s)), deadline).first().text();
            OptionalDouble v = Verdicts.wildbenchScore(raw);
            if (v.isEmpty() || v.getAsDouble() < 1 || v.getAsDouble() > 10) {
                return Outcomes.unparsed("a score from 1 to 10", raw, settings.unparsedZero());
            }
            double score = v.getAsDouble();
            return RewardResult.ok(score, "WB score " + score).withDetail("adjusted", (score - 5) * 2)
                    .withDetail("raw", Outcomes.clip(raw));
        }
    }

    public static final class PairwiseFactory implements RewardFactory {
        @Override public String name() { return "judge_wildbench_pairwise"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "models"; }
        @Override public String source() { return "WildBench (allenai/WildBench eval_template.pairwise.v2)"; }
        @Override public String description() {
            return "WildBench checklist pairwise judge against a baseline: +1, +0.5, 0, -0.5 or -1 for the response.";
        }
        @Override public List<Param> parameters() {
            return JudgeSupport.with(List.of(Baselines.param(),
                    Param.choice("test_position", "a", List.of("a", "b"), "where the response sits in the prompt"),
                    Param.optional("length_margin", ParamKind.INT, -1, "K of the length rule; -1 disables it")),
                    JudgeSupport.parameters("wildbench_pairwise", 2048, 0.0));
        }

        @Override
        public Reward create(Params p) {
            return new Pairwise(JudgeSupport.settings(p, Set.of("history", "question", "response_a", "response_b", "checklist")),
                    p.string("baseline"), p.string("test_position").equals("a"), p.integer("length_margin"),
                    p.signature(version()));
        }
    }

    public static final class SingleFactory implements RewardFactory {
        @Override public String name() { return "judge_wildbench_score"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "models"; }
        @Override public String source() { return "WildBench (allenai/WildBench eval_template.score.v2)"; }
        @Override public String description() {
            return "WildBench checklist single-response judge: the 1–10 score (details.adjusted = (score − 5)·2).";
        }
        @Override public List<Param> parameters() { return JudgeSupport.parameters("wildbench_score", 2048, 0.0); }

        @Override
        public Reward create(Params p) {
            return new Single(JudgeSupport.settings(p, Set.of("history", "question", "response", "checklist")),
                    p.signature(version()));
        }
    }
}
