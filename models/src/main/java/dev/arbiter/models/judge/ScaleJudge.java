package dev.arbiter.models.judge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;
import dev.arbiter.models.Judge;
import dev.arbiter.models.Outcomes;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A pointwise judge on an ordered scale of labels (worst first), scored in [0, 1] as label index / (labels − 1).
 * With {@code logprobs: true} the score is the probability-weighted mean over the labels at the first generated label
 * token, from the top log-probabilities (G-Eval; Q-Bench's softmax over quality words); without, the label the text
 * names. Two types share it:
 * <ul>
 *   <li>{@code judge_rubric}: a rubric given in the spec;</li>
 *   <li>{@code judge_principle}: RewardAnything-style principle following, with the principle in the spec or per
 *       sample in {@code meta.principle} (the sample's wins).</li>
 * </ul>
 */
public record ScaleJudge(JudgeSupport.Settings settings, String slot, String fixedText, boolean perSample,
                         List<String> labels, boolean logprobs, int topLogprobs, RewardSignature signature)
        implements JudgeReward {

    @Override
    public RewardResult judge(Sample s, Deadline deadline) {
        String response = settings.response(s);
        String text = fixedText;
        if (perSample) {
            JsonNode p = s.meta().get("principle");
            if (p != null && p.isTextual() && !p.asText().isBlank()) {
                text = p.asText();
            }
        }
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("no " + slot + ": give it in the spec or in meta." + slot);
        }
        Map<String, String> slots = new HashMap<>();
        slots.put("question", JudgeSupport.question(s));
        slots.put("response", response);
        slots.put(slot, text);
        slots.put("labels", String.join(", ", labels));
        Judge.Completion c = settings.call(slots, JudgeSupport.images(s), 1, logprobs ? topLogprobs : 0, deadline).first();
        if (logprobs) {
            Optional<Verdicts.LabelDistribution> d = Verdicts.labelDistribution(c.tokens(), labels);
            if (d.isPresent()) {
                return RewardResult.ok(clamp(d.get().expected()), "probability-weighted over " + labels.size() + " labels")
                        .withDetail("distribution", d.get().asMap(labels)).withDetail("label_mass", d.get().mass())
                        .withDetail("raw", Outcomes.clip(c.text()));
            }
        }
        OptionalInt i = Verdicts.label(c.text(), labels);
        if (i.isEmpty()) {
            return Outcomes.unparsed("one of the labels " + labels, c.text(), settings.unparsedZero());
        }
        double score = labels.size() == 1 ? 1.0 : (double) i.getAsInt() / (labels.size() - 1);
        return RewardResult.ok(score, "the judge rated " + labels.get(i.getAsInt()))
                .withDetail("label", labels.get(i.getAsInt())).withDetail("logprobs_used", false)
                .withDetail("raw", Outcomes.clip(c.text()));
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    static List<Param> own(String textParam, String textDefault, String textDescription) {
        return List.of(
                Param.optional(textParam, ParamKind.STRING, textDefault, textDescription),
                Param.optional("labels", ParamKind.STRING_LIST, List.of("1", "2", "3", "4", "5"),
                        "the rating scale, worst first (for example bad, poor, fair, good, excellent)"),
                Param.optional("logprobs", ParamKind.BOOL, true,
                        "weight the labels by their probabilities from the top logprobs (G-Eval / Q-Bench)"),
                Param.optional("top_logprobs", ParamKind.INT, 20, "alternatives asked for per generated token"));
    }

    static ScaleJudge create(Params p, String prompt, String textParam, boolean perSample, int version) {
        List<String> labels = p.strings("labels");
        if (labels.isEmpty() || new LinkedHashSet<>(labels.stream().map(String::toLowerCase).toList()).size() != labels.size()) {
            throw p.error("labels", "labels must be non-empty and distinct (case aside)");
        }
        if (p.integer("top_logprobs") < 1 || p.integer("top_logprobs") > 20) {
            throw p.error("top_logprobs", "top_logprobs must be 1–20 (the OpenAI limit), got " + p.integer("top_logprobs"));
        }
        Set<String> slots = Set.of("question", "response", textParam, "labels");
        return new ScaleJudge(JudgeSupport.settings(p, slots), textParam, p.string(textParam), perSample, labels,
                p.bool("logprobs"), p.integer("top_logprobs"), p.signature(version));
    }

    public static final class RubricFactory implements RewardFactory {
        static final String DEFAULT_RUBRIC = "1 = unhelpful, wrong or harmful; 2 = mostly unhelpful or with major errors; "
                + "3 = partly helpful with noticeable issues; 4 = helpful and correct with minor issues; "
                + "5 = fully correct, complete, clear and helpful.";

        @Override public String name() { return "judge_rubric"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "models"; }
        @Override public String source() { return "G-Eval (probability-weighted scores); Q-Bench (softmax over rating words)"; }
        @Override public String description() {
            return "An LLM judge's rating of the response on a rubric, probability-weighted over the labels, in [0, 1].";
        }
        @Override public List<Param> parameters() {
            return JudgeSupport.with(own("rubric", DEFAULT_RUBRIC, "what each rating means"),
                    JudgeSupport.parameters("rubric", 4, 0.0));
        }

        @Override
        public Reward create(Params p) {
            return ScaleJudge.create(p, "rubric", "rubric", false, version());
        }
    }

    public static final class PrincipleFactory implements RewardFactory {
        @Override public String name() { return "judge_principle"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "models"; }
        @Override public String source() { return "RewardAnything: generalizable principle-following reward models"; }
        @Override public String description() {
            return "An LLM judge's rating of how well the response follows a principle (spec or meta.principle), in [0, 1].";
        }
        @Override public List<Param> parameters() {
            return JudgeSupport.with(own("principle", null, "the principle; meta.principle overrides it per sample"),
                    JudgeSupport.parameters("principle", 4, 0.0));
        }

        @Override
        public Reward create(Params p) {
            return ScaleJudge.create(p, "principle", "principle", true, version());
        }
    }
}
