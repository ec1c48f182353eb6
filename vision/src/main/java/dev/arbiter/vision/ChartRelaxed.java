package dev.arbiter.vision;

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

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * {@code chart_relaxed}: ChartQA's relaxed accuracy, 1/0 — a numeric answer is correct within a relative tolerance
 * of the reference (5 % by default), any other answer must match exactly (case-insensitive, trimmed).
 *
 * <p>This is the reward for chart data in {@code examples/vision/mixed-r1.yaml}. Mixed-R1's own chart reward is
 * unpublished (catalog A12 says its code could not be read and gives only "numeric-tolerance matching" as a plausible
 * reading), so this type carries ChartQA's name, not Mixed-R1's.
 *
 * <p>The answer is the last {@code <answer>…</answer>} if any, else the whole response. Numbers may carry a
 * thousands separator, a currency sign or a trailing {@code %}; a reference of 0 needs an exact 0.
 */
public record ChartRelaxed(double tolerance, RewardSignature signature) implements Reward {
    private static final Pattern DECORATION = Pattern.compile("[,$€£%\\s]");

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String response = References.response(sample);
        List<String> refs = References.answers(sample.reference());
        String answer = Tags.last(Tags.ANSWER, response, deadline).orElse(response).strip();
        for (String ref : refs) {
            if (matches(answer, ref.strip())) {
                return RewardResult.ok(1.0).withDetail("answer", References.abbreviate(answer)).withDetail("matched", ref);
            }
        }
        return RewardResult.ok(0.0).withDetail("answer", References.abbreviate(answer));
    }

    boolean matches(String answer, String ref) {
        OptionalDouble a = number(answer);
        OptionalDouble r = number(ref);
        if (a.isPresent() && r.isPresent()) {
            double g = r.getAsDouble();
            double p = a.getAsDouble();
            return g == 0 ? p == 0 : Math.abs(p - g) / Math.abs(g) <= tolerance;
        }
        return answer.toLowerCase(Locale.ROOT).equals(ref.toLowerCase(Locale.ROOT));
    }

    static OptionalDouble number(String s) {
        String t = DECORATION.matcher(s).replaceAll("");
        if (t.isEmpty() || t.length() > 64 || !t.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?")) {
            return OptionalDouble.empty();
        }
        double d = Double.parseDouble(t);
        return Double.isFinite(d) ? OptionalDouble.of(d) : OptionalDouble.empty();
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "chart_relaxed"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "vision"; }
        @Override public String source() {
            return "ChartQA relaxed accuracy (Masry et al. 2022); stands in for Mixed-R1's unpublished chart reward (catalog A12)";
        }
        @Override public String description() {
            return "1 if a numeric answer is within the relative tolerance of the reference (else exact text match), else 0.";
        }
        @Override public List<Param> parameters() {
            return List.of(Param.optional("tolerance", ParamKind.DOUBLE, 0.05, "allowed relative error for numeric answers"));
        }

        @Override
        public Reward create(Params p) {
            if (p.number("tolerance") < 0) {
                throw p.error("tolerance", "tolerance must not be negative");
            }
            return new ChartRelaxed(p.number("tolerance"), p.signature(version()));
        }
    }
}
