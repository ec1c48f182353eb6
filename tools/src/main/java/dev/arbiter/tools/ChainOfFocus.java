package dev.arbiter.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
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

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code chain_of_focus}: Chain-of-Focus's outcome + format reward for multi-turn visual search with a zoom-in tool
 * ({@code xtong-zhang/Chain-of-Focus}, {@code verl/recipe/zoomin}; not in the catalog — read from the authors' code):
 * {@code accuracy_weight·acc + format_weight·format}, 0.9 and 0.1 by default, in [0, 1].
 *
 * <ul>
 *   <li><b>released</b> ({@code zoomin_reward3.py}, the file {@code slurm_jobs/rl/run.sh} trains with): acc is an
 *       LLM judge's verdict, given as input in {@code meta.judge} (1/0, true/false, or the judge's raw text, read as
 *       the authors do: after "Judgement:" a "1" wins, then a "0"; otherwise the whole text must be "1" or "0"; anything
 *       else is 0); format is 1 when {@code <think>} and {@code </think>} occur equally often and at least once, the
 *       same for {@code <answer>}, and the last answer has at most 1000 words.</li>
 *   <li><b>rule</b> ({@code zoomin_reward.py}): acc is 1 when the "F1" of the last answer against the reference is
 *       ≥ 0.5, where single words match when equal or one contains the other (both ≥ 2 chars), and containment of
 *       either text in the other counts as 1; format is a full match of one or more {@code <think>…</think>} blocks
 *       then one {@code <answer>…</answer>} (non-empty), after a trailing {@code <|im_end|>} is removed.</li>
 * </ul>
 * The reference is the gold answer text (required in the rule variant; in the released variant the judge has seen it).
 */
public record ChainOfFocus(boolean released, double accuracyWeight, double formatWeight, RewardSignature signature)
        implements Reward {
    private static final Pattern ANSWER = Pattern.compile("<answer>\\s*(.*?)\\s*</answer>", Pattern.DOTALL);
    private static final Pattern IM_END = Pattern.compile("<\\|im_end\\|>\\s*$");
    private static final Pattern MULTI_THINK = Pattern.compile(
            "^(?:<think>\\s*(.+?)\\s*</think>\\s*)+<answer>\\s*(.+?)\\s*</answer>\\s*$", Pattern.DOTALL);
    private static final String PROMPT_ECHO = "Think in the mind first, and then decide whether to call tools one or more "
            + "times OR provide final answer. Format strictly as: <think>...</think> <tool_call>...</tool_call> "
            + "<tool_call>...</tool_call> (if any tools needed) OR <answer>...</answer> (if no tools needed).";

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String response = References.response(sample);
        double acc;
        double format;
        if (released) {
            String text = response.replace(PROMPT_ECHO, "");
            acc = judgeVerdict(sample);
            boolean error = false;
            int t1 = Inputs.count(text, "<think>");
            int t2 = Inputs.count(text, "</think>");
            if (t1 != t2 || t1 == 0) {
                error = true;
            }
            int a1 = Inputs.count(text, "<answer>");
            int a2 = Inputs.count(text, "</answer>");
            if (a1 != a2 || a1 == 0) {
                error = true;
            }
            if (splitCount(lastAnswer(text, deadline)) > 1000) {
                error = true;
            }
            format = error ? 0.0 : 1.0;
        } else {
            String gt = Inputs.referenceText(sample);
            acc = f1Score(lastAnswer(response, deadline), gt) >= 0.5 ? 1.0 : 0.0;
            String stripped = IM_END.matcher(response.strip()).replaceAll("");
            format = MULTI_THINK.matcher(deadline.guard(stripped)).matches() ? 1.0 : 0.0;
        }
        Map<String, Double> comps = new LinkedHashMap<>();
        comps.put("accuracy", acc);
        comps.put("format", format);
        return new RewardResult(accuracyWeight * acc + formatWeight * format, Status.OK, "", Map.of(), comps);
    }

    static String lastAnswer(String s, Deadline deadline) {
        Matcher m = ANSWER.matcher(deadline.guard(s));
        String last = "";
        while (m.find()) {
            last = m.group(1).strip();
        }
        return last;
    }

    static double judgeVerdict(Sample s) {
        JsonNode j = Inputs.lookup(s, "judge");
        if (j == null) {
            throw new InvalidInputException("the released Chain-of-Focus reward needs the judge's verdict in meta.judge");
        }
        if (j.isBoolean()) {
            return j.asBoolean() ? 1.0 : 0.0;
        }
        if (j.isNumber()) {
            double d = j.asDouble();
            if (d != 0 && d != 1) {
                throw new InvalidInputException("meta.judge must be 0 or 1, got " + d);
            }
            return d;
        }
        if (!j.isTextual()) {
            throw new InvalidInputException("meta.judge must be 0/1, true/false or the judge's text");
        }
        String response = j.asText().strip();
        if (response.contains("Judgement:")) {
            String[] parts = response.split("Judgement:", -1);
            String rest = parts[parts.length - 1].strip();
            return rest.contains("1") ? 1.0 : 0.0;
        }
        return response.equals("1") ? 1.0 : 0.0;
    }

    static int splitCount(String s) {
        String t = s.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    /** {@code calculate_f1_score} of {@code zoomin_reward.py}. */
    static double f1Score(String answer, String groundTruth) {
        String gt = groundTruth.strip().toLowerCase(Locale.ROOT);
        String a = answer.toLowerCase(Locale.ROOT);
        String[] at = a.strip().isEmpty() ? new String[0] : a.strip().split("\\s+");
        String[] gtt = gt.isEmpty() ? new String[0] : gt.split("\\s+");
        if (answer.isEmpty()) {
            return 0.0;
        }
        if (at.length == 1 && gtt.length == 1) {
            String p = at[0];
            String g = gtt[0];
            boolean similar = p.equals(g) || (p.contains(g) || g.contains(p)) && Math.min(p.length(), g.length()) >= 2;
            return similar ? 1.0 : 0.0;
        }
        if (gt.contains(a) || a.contains(gt)) {
            return 1.0;
        }
        Map<String, Integer> gc = new HashMap<>();
        for (String t : gtt) {
            gc.merge(t, 1, Integer::sum);
        }
        Map<String, Integer> ac = new HashMap<>();
        for (String t : at) {
            ac.merge(t, 1, Integer::sum);
        }
        int common = 0;
        for (Map.Entry<String, Integer> e : ac.entrySet()) {
            common += Math.min(e.getValue(), gc.getOrDefault(e.getKey(), 0));
        }
        double precision = at.length > 0 ? (double) common / at.length : 0;
        double recall = gtt.length > 0 ? (double) common / gtt.length : 0;
        return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "chain_of_focus"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "tools"; }
        @Override public String source() { return "Chain-of-Focus (Zhang et al. 2025) zoomin_reward(3).py: 0.9·accuracy + 0.1·format"; }
        @Override public String description() {
            return "Outcome + format: 0.9 × answer accuracy (judge verdict or rule F1 ≥ 0.5) + 0.1 × think/answer format, in [0, 1].";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.choice("variant", "released", List.of("released", "rule"),
                            "released: judge verdict from meta + tag-count format (the run script's reward); rule: F1 rule + strict format"),
                    Param.optional("accuracy_weight", ParamKind.DOUBLE, 0.9, "weight of the accuracy"),
                    Param.optional("format_weight", ParamKind.DOUBLE, 0.1, "weight of the format"));
        }

        @Override
        public Reward create(Params p) {
            return new ChainOfFocus(p.string("variant").equals("released"), p.number("accuracy_weight"),
                    p.number("format_weight"), p.signature(version()));
        }
    }
}
