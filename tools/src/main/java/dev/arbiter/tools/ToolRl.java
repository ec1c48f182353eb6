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

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * ToolRL's rewards for tool calling (catalog A8, {@code verl/utils/reward_score/rlla.py}): {@code toolrl_format},
 * {@code toolrl_correctness} and {@code toolrl_length}. The paper's total is their sum ({@code weighted}).
 *
 * <p><b>Inputs.</b> The response is the assistant turn ({@code chat_template: qwen|llama} cuts it out of a full
 * transcript as the authors' {@code compute_score} does); the reference is the ground-truth turn text with
 * {@code <tool_call>} lines (one JSON object {@code {"name", "parameters"}} per line) and/or {@code <response>…</response>};
 * the training step for the schedules is {@code meta.global_step} (or {@code step}), 0 when absent (the authors'
 * default). A ground truth whose tool-call lines are not JSON is {@code invalid_input} (the authors' code raises).
 *
 * <p><b>Scale variants</b> (catalog A8d / C8; the authors' environment flags, all off by default):
 * {@code schedule_reward} (SCHEDULEREWARD: format range moves from [−2, 2] to [−1, 1] and correctness from [−2, 2]
 * to [−3, 3] over 150 steps), {@code max1_step30_max3} (MAX1STEP30MAX3: correctness bounds ÷3 before step 30,
 * format bounds ÷2 from step 30), {@code correct_max1} (CORRECTMAX1: correctness range [−1, 1]),
 * {@code coarse} (COARSEREWARD: exact match or min), {@code refined} (REFINEDREWARD: name/key matching is strict
 * equality), {@code intermediate} (INTERMEDIATEREWARD: each ground-truth tool is worth 1, earned by a fully equal
 * same-name call), {@code schedule_length} (SCHEDULELENGTH: the length target grows from 384 to 640 words over 105
 * steps).
 */
public final class ToolRl {
    private static final Pattern RESPONSE_ONLY = Pattern.compile("^<think>.*?</think>\\n<response>.*?</response>$", Pattern.DOTALL | Pattern.UNIX_LINES);
    private static final Pattern CALL_ONLY = Pattern.compile("^<think>.*?</think>\\n<tool_call>\\n.*?\\n</tool_call>$", Pattern.DOTALL | Pattern.UNIX_LINES);
    private static final Pattern BOTH = Pattern.compile(
            "^<think>.*?</think>\\n<tool_call>\\n.*?\\n</tool_call>\\n<response>.*?</response>$", Pattern.DOTALL | Pattern.UNIX_LINES);
    private static final Pattern THINK_ONLY = Pattern.compile("^<think>.*?</think>$", Pattern.DOTALL | Pattern.UNIX_LINES);

    private ToolRl() {
    }

    /** [min, max] of a reward at a step. */
    record Bounds(double min, double max) {
        double scale(double fraction) {
            return (max - min) * fraction + min;
        }
    }

    /** The scale flags shared by the three rewards. */
    record Scale(boolean scheduleReward, boolean max1Step30Max3, boolean correctMax1) {
        Bounds format(long step) {
            double max = 1.0;
            double min = 0.0;
            if (max1Step30Max3 && step >= 30) {
                max /= 2;
                min /= 2;
            }
            if (scheduleReward) {
                max = 2 - (2 - max) * step / 150;
                min = -2 + (2 + min) * step / 150;
                if (max < 1.0) {
                    max = 1.0;
                }
                if (min > -1.0) {
                    min = -1.0;
                }
            }
            return new Bounds(min, max);
        }

        Bounds correctness(long step) {
            double max = correctMax1 ? 1.0 : 3.0;
            double min = correctMax1 ? -1.0 : -3.0;
            if (max1Step30Max3 && step < 30) {
                max /= 3;
                min /= 3;
            }
            if (scheduleReward) {
                max = (max - 2) * step / 150 + 2;
                min = (min + 2) * step / 150 - 2;
                if (max > 3.0) {
                    max = 3.0;
                }
                if (min < -3.0) {
                    min = -3.0;
                }
            }
            return new Bounds(min, max);
        }
    }

    enum Kind { FORMAT, CORRECTNESS, LENGTH }

    record Granularity(boolean coarse, boolean refined, boolean intermediate) {
    }

    record ToolRlReward(Kind kind, Scale scale, Granularity granularity, boolean scheduleLength, String chatTemplate,
                        RewardSignature signature) implements Reward {
        @Override
        public RewardResult score(Sample sample, Deadline deadline) {
            String response = assistantTurn(References.response(sample), chatTemplate);
            String gt = Inputs.referenceText(sample);
            long step = Inputs.step(sample).orElse(0);
            switch (kind) {
                case FORMAT: {
                    Bounds b = scale.format(step);
                    boolean ok = format(response, gt, deadline);
                    return RewardResult.ok(ok ? b.max() : b.min(), ok ? "well formed" : "format does not match the ground truth's tags")
                            .withDetail("step", step);
                }
                case LENGTH: {
                    Bounds b = new Bounds(0.0, 1.0);
                    if (!response.contains("<think>") || !response.contains("</think>")) {
                        return RewardResult.ok(b.min(), "no think block");
                    }
                    String[] afterOpen = response.split("<think>", -1);
                    String think = afterOpen[afterOpen.length - 1].split("</think>", -1)[0].strip();
                    double target = scheduleLength ? (640 - 384) * (double) step / 105 + 384 : 512;
                    int words = pySplitCount(think);
                    double x = Math.min(1.0, round2(words / target));
                    return RewardResult.ok(b.scale(x)).withDetail("words", words);
                }
                default:
                    return correctness(response, gt, scale.correctness(step), deadline);
            }
        }

        private RewardResult correctness(String response, String gt, Bounds b, Deadline deadline) {
            if (!gt.contains("<tool_call>")) {
                return RewardResult.ok(0.0, "the ground truth makes no tool call");
            }
            List<JsonNode> gtTools = new ArrayList<>();
            for (String line : between(gt).split("\n", -1)) {
                gtTools.add(PyJson.loads(line).orElseThrow(() -> new InvalidInputException(
                        "a ground-truth tool call is not JSON: " + References.abbreviate(line))));
            }
            if (!response.contains("<tool_call>") || !response.contains("</tool_call>")) {
                return RewardResult.ok(b.min(), "no <tool_call> block");
            }
            List<JsonNode> pdTools = new ArrayList<>();
            for (String line : between(response).split("\n", -1)) {
                Optional<JsonNode> n = PyJson.loads(line);
                if (n.isEmpty()) {
                    return RewardResult.ok(b.min(), "a tool call is not JSON");
                }
                pdTools.add(n.get());
            }
            try {
                return toolCallReward(gtTools, pdTools, b, deadline);
            } catch (MalformedCall e) {
                return RewardResult.ok(b.min(), e.getMessage());
            }
        }

        private RewardResult toolCallReward(List<JsonNode> gt, List<JsonNode> pd, Bounds b, Deadline deadline) {
            if (listEqual(gt, pd)) {
                return RewardResult.ok(b.max(), "exact match");
            }
            if (granularity.coarse()) {
                return RewardResult.ok(b.min(), "not an exact match (coarse)");
            }
            List<String> gtNames = new ArrayList<>();
            for (JsonNode t : gt) {
                gtNames.add(nameKey(t));
            }
            List<String> pdNames = new ArrayList<>();
            for (JsonNode t : pd) {
                pdNames.add(nameKey(t));
            }
            double score = matchScore(gtNames, pdNames);
            double localMax = 1.0;
            boolean[] used = new boolean[pd.size()];
            for (JsonNode g : gt) {
                deadline.check();
                String gName = nameKey(g);
                JsonNode gParams = params(g);
                localMax += granularity.intermediate() ? 1.0 : 1.0 + gParams.size();
                int best = -1;
                double bestScore = 0.0;
                for (int i = 0; i < pd.size(); i++) {
                    JsonNode p = pd.get(i);
                    if (used[i] || !nameKey(p).equals(gName)) {
                        continue;
                    }
                    if (granularity.intermediate()) {
                        if (PyValues.equal(g, p)) {
                            best = i;
                            bestScore = 1.0;
                            break;
                        }
                        continue;
                    }
                    JsonNode pParams = params(p);
                    double total = matchScore(keys(gParams), keys(pParams));
                    for (Iterator<Map.Entry<String, JsonNode>> it = gParams.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        if (pParams.has(e.getKey()) && PyValues.equal(pParams.get(e.getKey()), e.getValue())) {
                            total += 1.0;
                        }
                    }
                    if (total > bestScore) {
                        bestScore = total;
                        best = i;
                    }
                }
                if (best >= 0) {
                    used[best] = true;
                    score += bestScore;
                }
            }
            double r = (b.max() - b.min()) * score / localMax + b.min();
            return RewardResult.ok(r).withDetail("score", score).withDetail("local_max", localMax);
        }

        /** {@code match_score}: 1 if equal (in order); 0 if either is empty (or, refined, unequal); else multiset Jaccard. */
        double matchScore(List<String> a, List<String> b) {
            if (a.equals(b)) {
                return 1.0;
            }
            if (granularity.refined() || a.isEmpty() || b.isEmpty()) {
                return 0.0;
            }
            Map<String, Integer> ca = new HashMap<>();
            a.forEach(x -> ca.merge(x, 1, Integer::sum));
            Map<String, Integer> cb = new HashMap<>();
            b.forEach(x -> cb.merge(x, 1, Integer::sum));
            int inter = 0;
            for (Map.Entry<String, Integer> e : ca.entrySet()) {
                inter += Math.min(e.getValue(), cb.getOrDefault(e.getKey(), 0));
            }
            int max = a.size() + b.size() - inter;
            return max > 0 ? (double) inter / max : 0.0;
        }
    }

    /** A call the authors' code would fail on (missing name or parameters): scored as the minimum. */
    static final class MalformedCall extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedCall(String message) {
            super(message, null, false, false);
        }
    }

    static boolean listEqual(List<JsonNode> a, List<JsonNode> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!PyValues.equal(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    static String nameKey(JsonNode tool) {
        JsonNode n = tool.isObject() ? tool.get("name") : null;
        if (n == null) {
            throw new MalformedCall("a tool call has no name");
        }
        if (n.isContainerNode()) {
            throw new MalformedCall("a tool name is not a value");
        }
        return n.isTextual() ? "s:" + n.asText() : "j:" + n;
    }

    static JsonNode params(JsonNode tool) {
        JsonNode p = tool.get("parameters");
        if (p == null || !p.isObject()) {
            throw new MalformedCall("a tool call has no parameters object");
        }
        return p;
    }

    static List<String> keys(JsonNode obj) {
        List<String> out = new ArrayList<>();
        obj.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** {@code s.split("<tool_call>")[1].split("</tool_call>")[0].strip()}. */
    static String between(String s) {
        String[] parts = s.split(Pattern.quote("<tool_call>"), -1);
        String after = parts.length > 1 ? parts[1] : "";
        return after.split(Pattern.quote("</tool_call>"), -1)[0].strip();
    }

    static boolean format(String response, String gt, Deadline deadline) {
        boolean hasResponse = gt.contains("<response>");
        boolean hasCall = gt.contains("<tool_call>");
        CharSequence text = deadline.guard(response);
        if (hasResponse && !hasCall) {
            return RESPONSE_ONLY.matcher(text).find() && Inputs.count(response, "<response>") == 1
                    && Inputs.count(response, "</response>") == 1;
        } else if (!hasResponse && hasCall) {
            return CALL_ONLY.matcher(text).find() && Inputs.count(response, "<tool_call>") == 1
                    && Inputs.count(response, "</tool_call>") == 1;
        } else if (hasResponse) {
            return BOTH.matcher(text).find() && Inputs.count(response, "<tool_call>") == 1
                    && Inputs.count(response, "</tool_call>") == 1 && Inputs.count(response, "<response>") == 1
                    && Inputs.count(response, "</response>") == 1;
        }
        return THINK_ONLY.matcher(text).find();
    }

    /** The authors' chat-template cut: after the last assistant header, before the end-of-turn token, stripped. */
    static String assistantTurn(String s, String template) {
        switch (template) {
            case "qwen": {
                String[] a = s.split(Pattern.quote("<|im_start|>assistant"), -1);
                return a[a.length - 1].split(Pattern.quote("<|im_end|>"), -1)[0].strip();
            }
            case "llama": {
                String[] a = s.split(Pattern.quote("<|start_header_id|>assistant<|end_header_id|>"), -1);
                return a[a.length - 1].split(Pattern.quote("<|eot_id|>"), -1)[0].strip();
            }
            default:
                return s;
        }
    }

    /** Python's {@code round(x, 2)}: correctly rounded, ties to even on the exact binary value. */
    static double round2(double x) {
        return new BigDecimal(x).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
    }

    static int pySplitCount(String s) {
        int n = 0;
        boolean in = false;
        for (int i = 0; i < s.length(); i++) {
            boolean space = Character.isWhitespace(s.charAt(i)) || Character.isSpaceChar(s.charAt(i));
            if (!space && !in) {
                n++;
            }
            in = !space;
        }
        return n;
    }

    static List<Param> common() {
        return List.of(
                Param.optional("schedule_reward", ParamKind.BOOL, false, "SCHEDULEREWARD: ranges move with the step over 150 steps"),
                Param.optional("max1_step30_max3", ParamKind.BOOL, false, "MAX1STEP30MAX3: correctness ÷3 before step 30, format ÷2 from it"),
                Param.choice("chat_template", "none", List.of("none", "qwen", "llama"),
                        "cut the assistant turn out of a full transcript (the authors' compute_score)"));
    }

    static Scale scale(Params p, boolean withMax1) {
        return new Scale(p.bool("schedule_reward"), p.bool("max1_step30_max3"), withMax1 && p.bool("correct_max1"));
    }

    public static final class FormatFactory implements RewardFactory {
        @Override public String name() { return "toolrl_format"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "tools"; }
        @Override public String source() { return "ToolRL (Qian et al. 2025) customize_format_reward_func (catalog A8a, A8d)"; }
        @Override public String description() {
            return "max if the response has exactly the <think>/<tool_call>/<response> layout the ground truth has, else min; [0, 1] by default.";
        }
        @Override public List<Param> parameters() { return common(); }

        @Override
        public Reward create(Params p) {
            return new ToolRlReward(Kind.FORMAT, scale(p, false), new Granularity(false, false, false), false,
                    p.string("chat_template"), p.signature(version()));
        }
    }

    public static final class CorrectnessFactory implements RewardFactory {
        @Override public String name() { return "toolrl_correctness"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "tools"; }
        @Override public String source() { return "ToolRL (Qian et al. 2025) customize_correctness_reward_tool (catalog A8b, A8d)"; }
        @Override public String description() {
            return "Tool-call correctness from names, parameter names and values, scaled to [−3, 3] by default; 0 when no call is expected.";
        }
        @Override public List<Param> parameters() {
            List<Param> ps = new ArrayList<>(common());
            ps.add(Param.optional("correct_max1", ParamKind.BOOL, false, "CORRECTMAX1: range [−1, 1] instead of [−3, 3]"));
            ps.add(Param.optional("coarse", ParamKind.BOOL, false, "COARSEREWARD: exact match (max) or min"));
            ps.add(Param.optional("refined", ParamKind.BOOL, false, "REFINEDREWARD: name and key matching are strict equality"));
            ps.add(Param.optional("intermediate", ParamKind.BOOL, false,
                    "INTERMEDIATEREWARD: each ground-truth tool is worth 1, for a fully equal call"));
            return ps;
        }

        @Override
        public Reward create(Params p) {
            return new ToolRlReward(Kind.CORRECTNESS, scale(p, true),
                    new Granularity(p.bool("coarse"), p.bool("refined"), p.bool("intermediate")), false,
                    p.string("chat_template"), p.signature(version()));
        }
    }

    public static final class LengthFactory implements RewardFactory {
        @Override public String name() { return "toolrl_length"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "tools"; }
        @Override public String source() { return "ToolRL (Qian et al. 2025) customize_length_reward_func, WITHLENGTH (catalog A8c)"; }
        @Override public String description() {
            return "min(1, round(words of the last think block / 512, 2)), in [0, 1]; 0 without a think block.";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("schedule_length", ParamKind.BOOL, false, "SCHEDULELENGTH: the target grows from 384 to 640 words over 105 steps"),
                    Param.choice("chat_template", "none", List.of("none", "qwen", "llama"), "cut the assistant turn out of a full transcript"));
        }

        @Override
        public Reward create(Params p) {
            return new ToolRlReward(Kind.LENGTH, new Scale(false, false, false), new Granularity(false, false, false),
                    p.bool("schedule_length"), p.string("chat_template"), p.signature(version()));
        }
    }
}
