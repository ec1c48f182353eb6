package dev.arbiter.tools;

import dev.arbiter.core.json.PyJson;
import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WildBench's numeric parts (catalog B8), from judge verdicts given as input — no model is called here.
 * <ul>
 *   <li>{@code wb_reward} (B8b): the pairwise verdict mapped to +1 / +0.5 / 0 / −0.5 / −1 from the test model's side,
 *       with the K-character length rule: when K ≥ 0 and the winner of a <em>slight</em> win is longer than the loser
 *       by more than K characters (Python {@code len}, code points), the outcome becomes a tie. Decisive outcomes
 *       are never changed.</li>
 *   <li>{@code wb_score} (B8c): the single-answer score s ∈ [1, 10] rescaled to {@code (s − 5)·2} ∈ [−8, 10].</li>
 * </ul>
 *
 * <p><b>Inputs.</b> The response is the test model's output. {@code wb_reward}'s reference is the reference model's
 * output (text, or an object with {@code output}). The verdict is {@code meta.judge} (or the reference object's
 * {@code judge}): an object {@code {"choice": "A+", "test_model": "A"}}, an object {@code {"winner": "test"|"reference"|"tie",
 * "extent": 0|1|2}}, or the judge's raw JSON text with a {@code choice} (then {@code meta.test_model} says which side is
 * the test model). {@code wb_score}'s verdict is a number, a numeric string, {@code {"score": …}} or raw JSON text.
 * An unparseable verdict is {@code invalid_input} (WildBench drops the item).
 *
 * <p><b>Special outputs.</b> An empty test output is judged automatically (it loses much, or ties when the reference
 * is empty too; an empty reference loses much). Items where either output ends with {@code ... (truncated)} or is
 * {@code [This model response is empty.]} are skipped by the leaderboard's counts but stay in its denominator:
 * {@code code_faithful: true} scores them 0 (their weight in WildBench's mean), {@code false} makes them
 * {@code invalid_input} (excluded). Task-macro averaging over categories is {@link WildBenchMacro}.
 */
public final class WildBench {
    static final String TRUNCATED = "... (truncated)";
    static final String EMPTY_MARKER = "[This model response is empty.]";
    private static final Pattern CHOICE = Pattern.compile("\"choice\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern SCORE = Pattern.compile("\"score\"\\s*:\\s*\"?\\s*([-+]?\\d+(?:\\.\\d+)?)");

    private WildBench() {
    }

    /** Who won and by how much, from the test model's side: extent 2 much, 1 slightly, 0 tie. */
    record Outcome(int sign, int extent) {
    }

    record PairwiseReward(int k, boolean codeFaithful, RewardSignature signature) implements Reward {
        @Override
        public RewardResult score(Sample sample, Deadline deadline) {
            String test = References.response(sample);
            String ref = referenceOutput(sample);
            if (skipped(test) || skipped(ref)) {
                if (!codeFaithful) {
                    throw new InvalidInputException("WildBench skips items with a truncated or empty-marker output");
                }
                return RewardResult.ok(0.0, "skipped by WildBench's tables (counted as 0 in the mean)");
            }
            Outcome o;
            if (test.isBlank() || ref.isBlank()) {
                o = test.isBlank() && ref.isBlank() ? new Outcome(0, 0) : test.isBlank() ? new Outcome(-1, 2) : new Outcome(1, 2);
            } else {
                o = verdict(sample);
            }
            int testLen = test.codePointCount(0, test.length());
            int refLen = ref.codePointCount(0, ref.length());
            String label;
            double r;
            if (o.sign() == 0) {
                label = "tie";
                r = 0;
            } else if (o.extent() == 2) {
                label = o.sign() > 0 ? "win_much" : "lose_much";
                r = o.sign();
            } else {
                int winner = o.sign() > 0 ? testLen : refLen;
                int loser = o.sign() > 0 ? refLen : testLen;
                if (k >= 0 && winner > loser + k) {
                    label = "tie";
                    r = 0;
                } else {
                    label = o.sign() > 0 ? "win" : "lose";
                    r = 0.5 * o.sign();
                }
            }
            return RewardResult.ok(r, label).withDetail("outcome", label).withDetail("test_length", testLen)
                    .withDetail("reference_length", refLen);
        }
    }

    record ScoreReward(RewardSignature signature) implements Reward {
        @Override
        public RewardResult score(Sample sample, Deadline deadline) {
            References.response(sample);
            JsonNode j = Inputs.lookup(sample, "judge");
            if (j == null) {
                throw new InvalidInputException("wb_score needs the judge's score in meta.judge");
            }
            double s;
            if (j.isObject() && j.has("score")) {
                s = Inputs.finite(j.get("score"), "judge.score");
            } else if (j.isNumber()) {
                s = Inputs.finite(j, "judge");
            } else if (j.isTextual()) {
                String t = j.asText().strip();
                Matcher m = SCORE.matcher(deadline.guard(t));
                if (m.find()) {
                    s = Double.parseDouble(m.group(1));
                } else {
                    s = Inputs.finite(j, "judge");
                }
            } else {
                throw new InvalidInputException("meta.judge must be a score, {score} or the judge's text");
            }
            if (s < 1 || s > 10) {
                throw new InvalidInputException("a WildBench score must be in [1, 10], got " + s);
            }
            return RewardResult.ok((s - 5) * 2).withDetail("judge_score", s);
        }
    }

    static boolean skipped(String output) {
        return output.endsWith(TRUNCATED) || output.equals(EMPTY_MARKER);
    }

    static String referenceOutput(Sample s) {
        JsonNode ref = s.reference();
        if (ref == null) {
            throw new InvalidInputException("wb_reward needs the reference model's output as the reference");
        }
        if (ref.isTextual()) {
            return ref.asText();
        }
        if (ref.isObject()) {
            for (String key : new String[] {"output", "reference_output", "text"}) {
                if (ref.path(key).isTextual()) {
                    return ref.get(key).asText();
                }
            }
        }
        throw new InvalidInputException("the reference must be the reference model's output text, got " + Inputs.abbreviate(ref));
    }

    static Outcome verdict(Sample s) {
        JsonNode j = Inputs.lookup(s, "judge");
        if (j == null) {
            throw new InvalidInputException("wb_reward needs the judge's verdict in meta.judge");
        }
        String choice = null;
        JsonNode side = Inputs.lookup(s, "test_model");
        if (j.isObject()) {
            if (j.has("winner")) {
                String w = j.get("winner").asText();
                int extent = j.path("extent").asInt(-1);
                return switch (w) {
                    case "tie" -> new Outcome(0, 0);
                    case "test", "reference" -> {
                        if (extent != 1 && extent != 2) {
                            throw new InvalidInputException("judge.extent must be 1 or 2 for a win");
                        }
                        yield new Outcome(w.equals("test") ? 1 : -1, extent);
                    }
                    default -> throw new InvalidInputException("judge.winner must be test, reference or tie, got " + w);
                };
            }
            choice = j.path("choice").isTextual() ? j.get("choice").asText() : null;
            if (j.has("test_model")) {
                side = j.get("test_model");
            }
        } else if (j.isTextual()) {
            Optional<JsonNode> parsed = PyJson.loads(stripFence(j.asText()));
            if (parsed.isPresent() && parsed.get().path("choice").isTextual()) {
                choice = parsed.get().get("choice").asText();
            } else {
                Matcher m = CHOICE.matcher(j.asText());
                choice = m.find() ? m.group(1) : null;
            }
        }
        if (choice == null) {
            throw new InvalidInputException("the judge's verdict has no choice (WildBench drops such items)");
        }
        if (side == null || !side.isTextual() || !(side.asText().equals("A") || side.asText().equals("B"))) {
            throw new InvalidInputException("which side the test model is (test_model: A or B) is needed with a choice");
        }
        String c = choice.strip();
        int sign;
        int extent;
        switch (c) {
            case "A++" -> { sign = 1; extent = 2; }
            case "A+" -> { sign = 1; extent = 1; }
            case "A=B" -> { sign = 0; extent = 0; }
            case "B+" -> { sign = -1; extent = 1; }
            case "B++" -> { sign = -1; extent = 2; }
            default -> throw new InvalidInputException("unparseable choice '" + References.abbreviate(c) + "' (WildBench drops it)");
        }
        if (side.asText().equals("B")) {
            sign = -sign;
        }
        return new Outcome(sign, extent);
    }

    private static String stripFence(String t) {
        String s = t.strip();
        if (s.startsWith("```")) {
            int nl = s.indexOf('\n');
            s = nl < 0 ? "" : s.substring(nl + 1);
            int end = s.lastIndexOf("```");
            if (end >= 0) {
                s = s.substring(0, end);
            }
        }
        return s;
    }

    /** WildBench's task-macro averaging (B8b–c): Σ w_c · mean_c / 4.75 over the five task categories. */
    public static final class WildBenchMacro {
        /** The category weights of WildBench's leaderboard; the denominator is always their sum, 4.75. */
        public static final Map<String, Double> WEIGHTS;

        static {
            Map<String, Double> w = new LinkedHashMap<>();
            w.put("Creative Tasks", 0.5);
            w.put("Planning & Reasoning", 1.25);
            w.put("Math & Data Analysis", 1.0);
            w.put("Information/Advice seeking", 0.75);
            w.put("Coding & Debugging", 1.25);
            WEIGHTS = java.util.Collections.unmodifiableMap(w);
        }

        private WildBenchMacro() {
        }

        /**
         * @param categoryMeans mean reward (or adjusted score) per category present; absent categories add nothing
         *                      but still count in the denominator
         * @throws IllegalArgumentException for an unknown category or a non-finite mean
         */
        public static double macro(Map<String, Double> categoryMeans) {
            double sum = 0;
            for (Map.Entry<String, Double> e : categoryMeans.entrySet()) {
                Double w = WEIGHTS.get(e.getKey());
                if (w == null || !Double.isFinite(e.getValue())) {
                    throw new IllegalArgumentException("unknown category or non-finite mean: " + e);
                }
                sum += e.getValue() * w;
            }
            double total = 0;
            for (double w : WEIGHTS.values()) {
                total += w;
            }
            return sum / total;
        }
    }

    public static final class RewardFactoryImpl implements RewardFactory {
        @Override public String name() { return "wb_reward"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "tools"; }
        @Override public String source() { return "WildBench (Lin et al. 2024) WB-Reward with the K length rule (catalog B8b)"; }
        @Override public String description() {
            return "Pairwise judge verdict vs a reference model mapped to {−1, −0.5, 0, 0.5, 1}, slight wins of much longer outputs tied.";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("k", ParamKind.INT, -1, "length margin in characters; −1 disables the rule (leaderboard: 100, 300, 500)"),
                    Param.optional("code_faithful", ParamKind.BOOL, true,
                            "truncated/empty-marker items score 0 (the table's denominator); false: invalid_input (excluded)"));
        }
        @Override public Reward create(Params p) { return new PairwiseReward(p.integer("k"), p.bool("code_faithful"), p.signature(version())); }
    }

    public static final class ScoreFactory implements RewardFactory {
        @Override public String name() { return "wb_score"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "tools"; }
        @Override public String source() { return "WildBench (Lin et al. 2024) WB-Score (catalog B8c)"; }
        @Override public String description() { return "(judge score − 5) × 2 for a 1–10 judge score, in [−8, 10]."; }
        @Override public List<Param> parameters() { return List.of(); }
        @Override public Reward create(Params p) { return new ScoreReward(p.signature(version())); }
    }
}
