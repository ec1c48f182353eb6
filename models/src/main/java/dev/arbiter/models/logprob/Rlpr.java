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

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code rlpr}: RLPR's probability reward (catalog B2). scoreB is the policy's mean per-token probability of the
 * reference answer written into the response's (last) {@code <answer>} in place of its own answer, rounded to
 * bfloat16; scoreA, the debiasing term, is the same for the reference right after the assistant header (no reasoning;
 * computed once per prompt and reference: the client's cache makes the repeat free). Then
 * {@code R = (1 − c)·max(0, B − A) + c·format}, or with {@code format_coefficient: -1}, {@code R = Δ} when the format
 * holds else −1; and −1 more for a 10-word window repeated {@code repetition_limit} times, only when R ≠ 0 (the
 * authors' quirk). A response without {@code <answer>…</answer>} has scoreB 0. The std-based prompt filter is a group
 * transform (catalog C4).
 */
public record Rlpr(LogProbProvider policy, ChatTemplate template, String scoreName, boolean bf16, boolean debias,
                   boolean threshold, double formatCoefficient, boolean repetition, int repetitionLimit,
                   RewardSignature signature) implements Reward {
    private static final Pattern ANSWER = Pattern.compile("<answer>(.*?)</answer>", Pattern.DOTALL);
    private static final Pattern FORMAT = Pattern.compile("<think>.*</think>.*<answer>.*</answer>.*", Pattern.DOTALL);

    @Override
    public RewardResult score(Sample s, Deadline deadline) {
        String response = LogProbSupport.response(s);
        String reference = References.answers(s.reference()).get(0);
        if (reference.isEmpty()) {
            return RewardResult.invalidInput("the reference answer is empty");
        }
        String prompt = LogProbSupport.context(s, template, null);
        Map<String, Double> comps = new LinkedHashMap<>();
        Map<String, Object> details = new HashMap<>();
        try {
            double b = 0;
            Matcher m = ANSWER.matcher(response);
            int contentStart = -1;
            while (m.find()) {
                contentStart = m.start(1);
            }
            if (contentStart >= 0) {
                LogProbProvider.TokenLogProbs lp = policy.logProbs(prompt + response.substring(0, contentStart), reference, deadline);
                b = aggregate(lp.logprobs(), scoreName);
                if (bf16) {
                    b = bf16((float) b);
                }
                details.put("reference_tokens", lp.size());
            } else {
                details.put("note", "no <answer>…</answer>: scoreB is 0");
            }
            double a = 0;
            if (debias) {
                a = aggregate(policy.logProbs(prompt, reference, deadline).logprobs(), scoreName);
            }
            comps.put("score_b", b);
            comps.put("score_a", a);
            double delta = b - a;
            if (threshold) {
                delta = Math.max(0, delta);
            }
            int format = format(response);
            comps.put("format", (double) format);
            double r = formatCoefficient == -1 ? (format == 1 ? delta : -1) : (1 - formatCoefficient) * delta + formatCoefficient * format;
            if (repetition && r != 0 && repeats(response, repetitionLimit, deadline)) {
                r -= 1;
                details.put("repetition_penalty", -1);
            }
            return RewardResult.ok(r, "Δ = " + b + " − " + a).withComponents(comps).withDetails(details);
        } catch (RemoteException e) {
            return Outcomes.remoteFailure(e);
        }
    }

    public static double aggregate(double[] lps, String name) {
        if (lps.length == 0) {
            return 0;
        }
        double sum = 0;
        double sumExp = 0;
        for (double v : lps) {
            sum += v;
            sumExp += Math.exp(v);
        }
        return switch (name) {
            case "mean_log_softmax" -> sum / lps.length;
            case "exp_sum_log_softmax" -> Math.exp(sum);
            case "exp_mean_log_softmax" -> Math.exp(sum / lps.length);
            default -> sumExp / lps.length;
        };
    }

    /** Rounds to bfloat16 (8 significant bits), round to nearest even. */
    public static double bf16(float f) {
        int bits = Float.floatToIntBits(f);
        int lsb = (bits >>> 16) & 1;
        bits += 0x7FFF + lsb;
        return Float.intBitsToFloat(bits & 0xFFFF0000);
    }

    static int format(String r) {
        for (String tag : List.of("<think>", "</think>", "<answer>", "</answer>")) {
            if (r.split(Pattern.quote(tag), -1).length != 2) {
                return 0;
            }
        }
        return FORMAT.matcher(r).matches() ? 1 : 0;
    }

    /** Whether some 10-word window occurs at least {@code limit} times (words split on whitespace, then on '_'). */
    static boolean repeats(String text, int limit, Deadline deadline) {
        List<String> words = new java.util.ArrayList<>();
        for (String w : text.split("\\s+")) {
            for (String part : w.split("_")) {
                if (!part.isEmpty()) {
                    words.add(part);
                }
            }
        }
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + 10 <= words.size(); i++) {
            if ((i & 0xFFF) == 0) {
                deadline.check();
            }
            if (counts.merge(words.subList(i, i + 10), 1, Integer::sum) >= limit) {
                return true;
            }
        }
        return false;
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "rlpr"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "models"; }
        @Override public String source() { return "RLPR (OpenBMB/RLPR verl/workers/reward_manager/prob.py)"; }
        @Override public String description() {
            return "RLPR's debiased reference-answer probability reward with format term and repetition penalty, in [-2, 1].";
        }
        @Override public List<Param> parameters() {
            List<Param> ps = new java.util.ArrayList<>(LogProbSupport.model("policy", "the policy"));
            ps.addAll(LogProbSupport.template());
            ps.addAll(List.of(Param.choice("score_name", "mean_exp_log_softmax", List.of("mean_exp_log_softmax", "mean_log_softmax",
                            "exp_sum_log_softmax", "exp_mean_log_softmax"), "how token log-probabilities aggregate"),
                    Param.optional("bf16", ParamKind.BOOL, true, "round scoreB to bfloat16 as the authors' code does"),
                    Param.optional("debias", ParamKind.BOOL, true, "subtract the no-reasoning scoreA"),
                    Param.choice("shaping", "threshold_0", List.of("threshold_0", "none"), "threshold_0: Δ < 0 → 0"),
                    Param.optional("format_coefficient", ParamKind.DOUBLE, 0.1, "c; -1 gives Δ or -1 by format"),
                    Param.optional("repetition_penalty", ParamKind.BOOL, true, "-1 for a repeated 10-word window"),
                    Param.optional("repetition_limit", ParamKind.INT, 10, "repeats of one window that trigger it")));
            return ps;
        }

        @Override
        public Reward create(Params p) {
            double c = p.number("format_coefficient");
            if (c != -1 && (c < 0 || c > 1)) {
                throw p.error("format_coefficient", "format_coefficient must be in [0, 1] or -1, got " + c);
            }
            return new Rlpr(LogProbSupport.provider(p, "policy"), ModelParams.chatTemplate(p), p.string("score_name"),
                    p.bool("bf16"), p.bool("debias"), p.string("shaping").equals("threshold_0"), c,
                    p.bool("repetition_penalty"), p.integer("repetition_limit"), p.signature(version()));
        }
    }
}
