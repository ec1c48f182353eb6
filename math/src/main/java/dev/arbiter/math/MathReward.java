package dev.arbiter.math;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code math}: 1 when the answer extracted from the response is mathematically equal to the reference answer
 * (any of them, when the reference is a list), else 0. Details: {@code gold} (the extracted reference answer),
 * {@code extracted} (the extracted predicted answer), {@code matchedBy} (the comparator that decided). A reference
 * without an answer, or values too large to compare, are {@code invalid_input}; a spent budget is {@code timeout}.
 *
 * @param verifier  the configured verifier
 * @param budget    the hard budget of one verification, on top of the sample's deadline
 * @param signature the printable identity
 */
public record MathReward(MathVerifier verifier, Duration budget, RewardSignature signature) implements Reward {

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String response = References.response(sample);
        List<String> refs = References.answers(sample.reference());
        Deadline d = deadline.within(budget);
        List<Candidate> pred = verifier.parse(response, verifier.predExtraction(), d);
        Verdict firstOk = null;
        Verdict firstProblem = null;
        for (String ref : refs) {
            List<Candidate> gold = verifier.parse(ref, verifier.goldExtraction(), d);
            Verdict v = verifier.verify(gold, pred, d);
            if (v.equivalent()) {
                return RewardResult.ok(1.0, "the answer equals the reference (" + v.matchedBy() + ")")
                        .withDetails(details(v));
            }
            if (v.status() == Status.TIMEOUT) {
                return RewardResult.timeout(v.reason()).withDetails(details(v));
            }
            if (v.status() == Status.OK && firstOk == null) {
                firstOk = v;
            } else if (v.status() != Status.OK && firstProblem == null) {
                firstProblem = v;
            }
        }
        if (firstOk != null) {
            String reason = firstOk.prediction().isEmpty() ? "no answer found in the response"
                    : refs.size() == 1 ? "the answer differs from the reference: " + firstOk.reason()
                    : "the answer matches none of " + refs.size() + " references";
            return RewardResult.ok(0.0, reason).withDetails(details(firstOk));
        }
        return RewardResult.invalidInput(firstProblem.reason()).withDetails(details(firstProblem));
    }

    private static Map<String, Object> details(Verdict v) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("gold", abbreviate(v.gold()));
        d.put("extracted", abbreviate(v.prediction()));
        d.put("matchedBy", v.matchedBy());
        return d;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "math"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "math"; }
        @Override public String source() { return "answer verification in the manner of Hugging Face Math-Verify, with exact arithmetic"; }
        @Override public String description() {
            return "1 if the response's final answer is mathematically equal to the reference, else 0.";
        }

        @Override
        public List<Param> parameters() {
            return List.of(
                    Param.optional("gold_extraction", ParamKind.STRING_LIST, ExtractionConfig.GOLD.specNames(),
                            "where the reference's answer is: strategy groups in priority order, e.g. boxed, whole"),
                    Param.optional("pred_extraction", ParamKind.STRING_LIST, ExtractionConfig.PREDICTION.specNames(),
                            "where the response's answer is: groups of boxed, final_answer, answer, gsm8k, option, "
                                    + "last_math, last_number, whole joined by +"),
                    Param.choice("percent", "lenient", List.of("lenient", "value", "strip"),
                            "lenient: 25% matches 25 and 0.25; value: 25% is 0.25; strip: 25% is 25"),
                    Param.optional("rel_tolerance", ParamKind.DOUBLE, 1e-9,
                            "relative tolerance for irrational values (exact rationals compare exactly)"),
                    Param.optional("float_rounding", ParamKind.INT, 6,
                            "decimal places to which a written decimal must agree"),
                    Param.optional("strict_variables", ParamKind.BOOL, true, "variable names must match (f(x) vs f(y))"),
                    Param.optional("relation_matches_set", ParamKind.BOOL, false,
                            "a predicted inequality may match a gold interval (a gold inequality always may match a predicted interval)"),
                    Param.optional("budget", ParamKind.DURATION, MathVerifier.DEFAULT_BUDGET,
                            "hard time budget of one verification"));
        }

        @Override
        public Reward create(Params p) {
            ExtractionConfig gold = extraction(p, "gold_extraction");
            ExtractionConfig pred = extraction(p, "pred_extraction");
            CompareOptions compare;
            try {
                compare = new CompareOptions(p.number("rel_tolerance"), p.integer("float_rounding"),
                        CompareOptions.PercentMode.fromSpecName(p.string("percent")), p.bool("strict_variables"),
                        p.bool("relation_matches_set"));
            } catch (IllegalArgumentException e) {
                throw p.error(e.getMessage().startsWith("float") ? "float_rounding" : "rel_tolerance", e.getMessage());
            }
            Duration budget = p.duration("budget");
            if (budget.isZero()) {
                throw p.error("budget", "the budget must be positive");
            }
            return new MathReward(new MathVerifier(gold, pred, compare), budget, p.signature(version()));
        }

        private static ExtractionConfig extraction(Params p, String name) {
            try {
                return ExtractionConfig.fromSpec(new ArrayList<>(p.strings(name)));
            } catch (IllegalArgumentException e) {
                throw p.error(name, e.getMessage());
            }
        }
    }
}
