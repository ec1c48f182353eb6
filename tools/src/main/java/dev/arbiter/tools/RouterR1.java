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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code router_r1}: Router-R1's training reward (catalog A9) for multi-round routing with
 * {@code <search>LLM-name: query</search>} and {@code <information>} turns: a format score f ∈ {0, −1}, an outcome
 * (EM or token F1 of the last {@code <answer>} against the gold answers), and a cost term.
 *
 * <p><b>Reward.</b> f = −1 → −1. No answer → 0. EM: correct → {@code (1 + f)(1 − cost_coe) + c·cost_coe}, wrong → f.
 * F1: s = 0 → f; else {@code (s + f)(1 − cost_coe) + c·cost_coe}. The cost term enters only for (partly) correct
 * answers. Range [−1, 1].
 *
 * <p><b>Inputs.</b> The response is the full trajectory text. The reference holds the gold answers (a string, a list,
 * or {@code {"target": […]}}). With {@code cost_coe > 0}, c ∈ [0, 1] (higher is cheaper) is read from
 * {@code meta.cost_score}; it comes from Router-R1's run-wide sliding-window normalisation, which is stateful and so
 * lives in the group transform {@code router_r1_cost} (see {@link RouterR1Cost}), which recomputes this reward from
 * the {@code format}, {@code outcome} and {@code answered} components reported here.
 *
 * <p><b>Format</b> (f = −1 when any holds): no complete {@code <search|answer|think|information>} pair; unbalanced
 * open/close counts; an empty or {@code ...} think; a tag inside another's content; not exactly one answer, no think,
 * or #search ≠ #information; the stripped text does not start with {@code <think>} or end with {@code </answer>}; a
 * search whose content has not exactly one {@code :}, an empty query, the placeholders {@code llm-name} /
 * {@code your-query}, or the model name inside the query; an unknown model name (Router-R1's
 * {@code check_llm_name} substring rules).
 */
public record RouterR1(boolean f1Metric, double costCoe, RewardSignature signature) implements Reward {
    private static final Pattern ENCLOSED = Pattern.compile("<(search|answer|think|information)>(.*?)</\\1>", Pattern.DOTALL);
    private static final Pattern ANSWER = Pattern.compile("<answer>(.*?)</answer>", Pattern.DOTALL);
    private static final String[] TAGS = {"search", "think", "answer", "information"};

    /** Router-R1's model prices per million completion tokens ({@code API_PRICE_1M_TOKENS}). */
    static final Map<String, Double> PRICES = Map.of(
            "qwen/qwen2.5-7b-instruct", 0.3, "meta/llama-3.1-70b-instruct", 0.88, "meta/llama-3.1-8b-instruct", 0.18,
            "mistralai/mistral-7b-instruct-v0.3", 0.2, "mistralai/mixtral-8x22b-instruct-v0.1", 1.2,
            "google/gemma-2-27b-it", 0.8, "writer/palmyra-creative-122b", 1.8, "nvidia/llama3-chatqa-1.5-8b", 0.18);

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String response = References.response(sample);
        List<String> golds = References.answers(sample.reference());
        double f = format(response, deadline);
        String answer = null;
        Matcher m = ANSWER.matcher(deadline.guard(response));
        while (m.find()) {
            answer = m.group(1).strip();
        }
        double s = 0;
        if (answer != null) {
            s = f1Metric ? QaScoring.bestF1(answer, golds) : QaScoring.exactMatch(answer, golds) ? 1.0 : 0.0;
        }
        double c = 0;
        if (costCoe > 0 && f == 0 && answer != null && s > 0) {
            OptionalDouble cs = Inputs.number(sample, "cost_score");
            if (cs.isEmpty()) {
                throw new InvalidInputException("cost_coe > 0 needs the normalised cost in meta.cost_score "
                        + "(or score with cost_coe 0 and add the group transform router_r1_cost)");
            }
            c = cs.getAsDouble();
            if (c < 0 || c > 1) {
                throw new InvalidInputException("meta.cost_score must be in [0, 1], got " + c);
            }
        }
        double r = combine(f, s, answer != null, c, costCoe);
        Map<String, Double> comps = new LinkedHashMap<>();
        comps.put("format", f);
        comps.put("outcome", s);
        comps.put("answered", answer != null ? 1.0 : 0.0);
        Map<String, Object> details = new LinkedHashMap<>();
        if (answer != null) {
            details.put("answer", References.abbreviate(answer));
        }
        return new RewardResult(r, Status.OK, f < 0 ? "format violation" : "", details, comps);
    }

    /** The training reward from its parts (qa_em.compute_score_em, state "train"). */
    static double combine(double f, double s, boolean answered, double c, double costCoe) {
        if (f == -1.0) {
            return -1.0;
        }
        if (!answered) {
            return f * (1.0 - costCoe);
        }
        if (s == 0) {
            return s + f;
        }
        return (s + f) * (1.0 - costCoe) + c * costCoe;
    }

    /** Router-R1's {@code format_reward}: 0 or −1. */
    static double format(String completion, Deadline deadline) {
        Matcher m = ENCLOSED.matcher(deadline.guard(completion));
        int route = 0;
        int answer = 0;
        int think = 0;
        int info = 0;
        boolean any = false;
        boolean nesting = false;
        boolean queryPunish = false;
        boolean llmPunish = false;
        boolean thinkPunish = false;
        for (String t : TAGS) {
            if (Inputs.count(completion, "<" + t + ">") != Inputs.count(completion, "</" + t + ">")) {
                return -1.0;
            }
        }
        while (m.find()) {
            any = true;
            String action = m.group(1);
            String content = m.group(2).strip();
            switch (action) {
                case "search" -> {
                    route++;
                    if (Inputs.count(content, ":") == 1) {
                        int colon = content.indexOf(':');
                        String left = content.substring(0, colon);
                        String right = content.substring(colon + 1);
                        String lower = content.toLowerCase(Locale.ROOT);
                        if (right.strip().isEmpty() || lower.contains("llm-name") || lower.contains("your-query")
                                || right.strip().toLowerCase(Locale.ROOT).contains(left.strip().toLowerCase(Locale.ROOT))) {
                            queryPunish = true;
                        }
                        if (llmName(left.strip().toLowerCase(Locale.ROOT)).isEmpty()) {
                            llmPunish = true;
                        }
                    } else {
                        queryPunish = true;
                    }
                }
                case "answer" -> answer++;
                case "think" -> {
                    think++;
                    if (content.equals("...") || content.isEmpty()) {
                        thinkPunish = true;
                    }
                }
                default -> info++;
            }
            for (String t : TAGS) {
                if (content.contains("<" + t + ">") || content.contains("</" + t + ">")) {
                    nesting = true;
                }
            }
        }
        if (!any || thinkPunish || nesting || answer != 1 || think == 0 || route != info) {
            return -1.0;
        }
        String stripped = completion.strip();
        if (!stripped.startsWith("<think>") || stripped.lastIndexOf("</answer>") + 9 != stripped.length()) {
            return -1.0;
        }
        return queryPunish || llmPunish ? -1.0 : 0.0;
    }

    /** Router-R1's {@code check_llm_name}: the routed model's full name, or "" when unknown. */
    static String llmName(String target) {
        if (target.contains("qwen")) {
            return "qwen/qwen2.5-7b-instruct";
        } else if (target.contains("palmyra") || target.contains("creative")) {
            return "writer/palmyra-creative-122b";
        } else if (target.contains("llama")) {
            if (target.contains("70b")) {
                return "meta/llama-3.1-70b-instruct";
            } else if (target.contains("51b")) {
                return "nvidia/llama-3.1-nemotron-51b-instruct";
            } else if (target.contains("49b")) {
                return "nvidia/llama-3.3-nemotron-super-49b-v1";
            } else if (target.contains("8b")) {
                return target.contains("chatqa") ? "nvidia/llama3-chatqa-1.5-8b" : "meta/llama-3.1-8b-instruct";
            }
            return "";
        } else if (target.contains("mistral")) {
            return "mistralai/mistral-7b-instruct-v0.3";
        } else if (target.contains("mixtral")) {
            return "mistralai/mixtral-8x22b-instruct-v0.1";
        } else if (target.contains("granite")) {
            return "ibm/granite-3.0-8b-instruct";
        } else if (target.contains("gemma")) {
            return "google/gemma-2-27b-it";
        }
        return "";
    }

    /**
     * A trajectory's API cost: {@code meta.api_cost}, or Σ completion_tokens × price over {@code meta.routed_calls}
     * ({@code [{"model": "qwen", "completion_tokens": 120}, …]}); the product is not divided by 1e6, as in the code.
     */
    static OptionalDouble apiCost(Sample s) {
        JsonNode direct = Inputs.lookup(s, "api_cost");
        if (direct != null) {
            return OptionalDouble.of(Inputs.finite(direct, "api_cost"));
        }
        JsonNode calls = Inputs.lookup(s, "routed_calls");
        if (calls == null) {
            return OptionalDouble.empty();
        }
        if (!calls.isArray()) {
            throw new InvalidInputException("routed_calls must be a list of {model, completion_tokens}");
        }
        double total = 0;
        for (JsonNode c : calls) {
            String model = c.path("model").asText(c.path("llm").asText(""));
            String full = llmName(model.strip().toLowerCase(Locale.ROOT));
            Double price = PRICES.get(full);
            if (price == null) {
                throw new InvalidInputException("no price for routed model '" + model + "'");
            }
            total += Inputs.finite(c.path("completion_tokens"), "routed_calls[].completion_tokens") * price;
        }
        return OptionalDouble.of(total);
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "router_r1"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "tools"; }
        @Override public String source() { return "Router-R1 (Zhang et al. 2025) format_reward + qa_em.compute_score_em (catalog A9)"; }
        @Override public String description() {
            return "Router-R1 training reward: −1 for a format violation, else EM/F1 outcome mixed with a cost score; in [−1, 1].";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.choice("metric", "em", List.of("em", "f1"), "reward_metric (em in the released train.sh)"),
                    Param.optional("cost_coe", ParamKind.DOUBLE, 0.0,
                            "weight of the cost score c (from meta.cost_score); 0.0 in the released train.sh"));
        }

        @Override
        public Reward create(Params p) {
            double coe = p.number("cost_coe");
            if (coe < 0 || coe > 1) {
                throw p.error("cost_coe", "cost_coe must be in [0, 1]");
            }
            return new RouterR1(p.string("metric").equals("f1"), coe, p.signature(version()));
        }
    }
}
