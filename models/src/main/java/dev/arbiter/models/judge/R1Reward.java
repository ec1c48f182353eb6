package dev.arbiter.models.judge;

import com.fasterxml.jackson.databind.node.TextNode;

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
import dev.arbiter.models.Outcomes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code r1_reward}: R1-Reward's reward for training a generative reward model (catalog B1),
 * {@code R = 0.5·format + acc·(1 + 0.5·consistency)} in [0, 2].
 * <ul>
 *   <li>format: {@code ^<think>.*?</think><answer>.*?</answer>$} (DOTALL) with exactly one of each tag;</li>
 *   <li>acc: the first {@code <answer>} content, its "The best answer is" style prefixes removed, equals a gold answer
 *       (trimmed, case-insensitive; a gold written as {@code <answer>…</answer>} is read from its tags). When it does
 *       not and {@code equivalence} names a reward (the authors' math-verify step, e.g. {@code {type: math}}), that
 *       reward scores the answer as the response against each gold answer as the reference; a score above 0
 *       matches. When it fails (error or timeout) the sample is {@code error} — or, with
 *       {@code verifier_error: one}, accuracy 1, the authors' quirk (their code returns 1.0 when the verifier
 *       raises);</li>
 *   <li>consistency: only when acc is 1 (it cannot matter otherwise), the judge reads the last 3 non-blank lines of
 *       the reasoning (joined with {@code ;}) and the answer (1 → "response 1 is better", 2 → "response 2 is better",
 *       another integer → "two response are the same", else as is) and says 1 (agree → +1) or 0 (→ −1); answers
 *       with neither are asked again up to {@code retries} times, then are {@code error} ({@code unparsed: zero} gives
 *       consistency 0, the authors' behaviour).</li>
 * </ul>
 */
public record R1Reward(JudgeSupport.Settings settings, int retries, Reward equivalence, boolean verifierErrorIsOne,
                       RewardSignature signature) implements JudgeReward {
    private static final Pattern FORMAT = Pattern.compile("^<think>.*?</think><answer>.*?</answer>$", Pattern.DOTALL);
    private static final Pattern FIRST_ANSWER = Pattern.compile("<answer>(.*?)</answer>", Pattern.DOTALL);
    private static final List<String> PREFIXES = List.of("The best answer is", "The correct answer is", "The answer is",
            "The answer: ", "Answer: ", "The best option is", "The correct option is", "Best answer:", "Best option:");

    static int format(String r) {
        return FORMAT.matcher(r).matches() && count(r, "<think>") == 1 && count(r, "<answer>") == 1 ? 1 : 0;
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
            n++;
        }
        return n;
    }

    static String answer(String r) {
        Matcher m = FIRST_ANSWER.matcher(r);
        if (!m.find()) {
            return null;
        }
        String a = m.group(1).strip();
        for (String p : PREFIXES) {
            a = a.replace(p, "");
        }
        return a.strip();
    }

    static String evidence(String r) {
        int at = r.indexOf("<answer>");
        String before = (at >= 0 ? r.substring(0, at) : r).replace("<think>", "").replace("</think>", "");
        List<String> lines = new ArrayList<>();
        for (String l : before.split("\n")) {
            if (!l.isBlank()) {
                lines.add(l.strip());
            }
        }
        return String.join(";", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    static String answerText(String a) {
        try {
            int v = Integer.parseInt(a.strip());
            return v == 1 ? "response 1 is better" : v == 2 ? "response 2 is better" : "two response are the same";
        } catch (NumberFormatException e) {
            return a;
        }
    }

    /** A gold answer, read from its {@code <answer>} tags when it has them (as the authors' code does). */
    static String gold(String g) {
        Matcher m = FIRST_ANSWER.matcher(g);
        return (m.find() ? m.group(1) : g).strip();
    }

    /** +1, −1, or null when the verdict says neither. */
    static Integer verdict(String raw) {
        String t = raw.replace("output:", "").strip();
        if (t.equals("1")) {
            return 1;
        }
        if (t.equals("0")) {
            return -1;
        }
        if (t.contains("0")) {
            return -1;
        }
        return t.contains("1") ? 1 : null;
    }

    @Override
    public RewardResult judge(Sample s, Deadline deadline) {
        String r = settings.response(s);
        List<String> gold = References.answers(s.reference()).stream().map(R1Reward::gold).toList();
        int format = format(r);
        String a = answer(r);
        int acc = a != null && gold.stream().anyMatch(g -> g.equalsIgnoreCase(a)) ? 1 : 0;
        String accuracyBy = acc == 1 ? "exact" : null;
        if (acc == 0 && a != null && equivalence != null) {
            for (String g : gold) {
                RewardResult eq = equivalence.score(s.withResponse(a).withReference(TextNode.valueOf(g)), deadline);
                if (!eq.isOk()) {
                    if (!verifierErrorIsOne) {
                        if (eq.status() == Status.TIMEOUT) {
                            return RewardResult.timeout("the equivalence check ran out of time: " + eq.reason());
                        }
                        return RewardResult.error("the equivalence check failed (" + eq.status().wireName() + "): "
                                + eq.reason()).withDetail("answer", a);
                    }
                    acc = 1;
                    accuracyBy = "verifier_error";
                    break;
                }
                if (eq.score() > 0) {
                    acc = 1;
                    accuracyBy = "equivalence";
                    break;
                }
            }
        }
        Map<String, Double> comps = new LinkedHashMap<>();
        comps.put("format", (double) format);
        comps.put("accuracy", (double) acc);
        if (acc == 0) {
            return RewardResult.ok(0.5 * format, "the answer is not the preferred response").withComponents(comps)
                    .withDetail("answer", a);
        }
        String evidence = evidence(r);
        String answerText = answerText(a);
        Integer consistency = null;
        List<String> raws = new ArrayList<>();
        for (int attempt = 0; attempt <= retries && consistency == null; attempt++) {
            JudgeSupport.Settings seeded = settings.withSeed((settings.seed() == null ? 0 : settings.seed()) + attempt);
            String raw = seeded.call(Map.of("reasoning", evidence, "answer", answerText), deadline).first().text();
            raws.add(Outcomes.clip(raw));
            consistency = verdict(raw);
        }
        if (consistency == null) {
            if (!settings.unparsedZero()) {
                return Outcomes.unparsed("a 1/0 consistency verdict after " + (retries + 1) + " tries", raws.get(0), false)
                        .withDetail("raws", raws);
            }
            consistency = 0;
        }
        comps.put("consistency", (double) consistency);
        double score = 0.5 * format + acc * (1 + 0.5 * consistency);
        return RewardResult.ok(score, "format " + format + ", accuracy " + acc + ", consistency " + consistency)
                .withComponents(comps).withDetail("answer", a).withDetail("raw", raws).withDetail("accuracy_by", accuracyBy);
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "r1_reward"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "models"; }
        @Override public String source() { return "R1-Reward (yfzhang114/r1_reward math_verifier_mllm.py)"; }
        @Override public String description() {
            return "R1-Reward's 0.5·format + acc·(1 + 0.5·consistency) with an LLM consistency judge, in [0, 2].";
        }
        @Override public List<Param> parameters() {
            return JudgeSupport.with(List.of(Param.optional("retries", ParamKind.INT, 3,
                    "extra judge calls when the verdict says neither 1 nor 0"),
                    Param.optional("equivalence", ParamKind.SPEC, null,
                            "a reward checking the answer (as response) against each gold (as reference) when they "
                                    + "differ as text, e.g. {type: math}: the authors' math-verify step"),
                    Param.choice("verifier_error", "error", List.of("error", "one"),
                            "when the equivalence reward fails: error, or one (accuracy 1, the authors' quirk)")),
                    JudgeSupport.parameters("r1_consistency", 4096, 0.1));
        }

        @Override
        public Reward create(Params p) {
            return new R1Reward(JudgeSupport.settings(p, Set.of("reasoning", "answer")), Math.max(0, p.integer("retries")),
                    p.isSet("equivalence") ? p.reward("equivalence") : null, p.string("verifier_error").equals("one"),
                    p.signature(version()));
        }
    }
}
