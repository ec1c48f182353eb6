package dev.arbiter.vision;

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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code sophiavl_outcome}: SophiaVL-R1's rule-based outcome rewards (catalog A14), the {@code a_i} of Trust-GRPO,
 * in [0, 1].
 *
 * <p>First {@code $$} and {@code $} are removed from the response and the reference, and the reference is reduced to
 * its first {@code <answer>…</answer>} if it has one. Every rule then requires the gate
 * {@code <think>(.*?)</think>.*<answer>(.*?)</answer>.*} to match the whole response (DOTALL), else 0; the answer is
 * the first {@code <answer>} block.
 * <ul>
 *   <li><b>choice</b>: the answer split on commas, each part stripped; the number of parts must equal the
 *       reference's, and every part must be in the reference → 1, else 0. A JSON-list reference is a list. A text
 *       reference is, with {@code code_faithful: true} (the authors' code, which receives a string), compared as a
 *       string: its <em>length in characters</em> is the count and "in" is a substring test, so {@code "AC"} accepts
 *       "A, C"; with {@code code_faithful: false} a text reference is split on commas like the answer. Repeated
 *       parts are not detected ("A, A" against [A, C] scores 1), as in the code.</li>
 *   <li><b>ocr</b>: {@code exp(−WER(answer, reference))} with jiwer's default transform; an empty reference is
 *       {@code invalid_input}.</li>
 *   <li><b>text</b> (free-form, caption): the mean of ROUGE-1, ROUGE-2 and ROUGE-L F-measures with Porter stemming
 *       ({@code rouge-score}), after newlines become spaces.</li>
 * </ul>
 * The {@code math} rule (mathruler's {@code grade_answer}) needs a symbolic grader and is not provided here: route
 * math data to the math module's reward behind the same gate.
 */
public record SophiaOutcome(String rule, boolean codeFaithful, RewardSignature signature) implements Reward {
    private static final Pattern GATE = Pattern.compile("<think>(.*?)</think>.*<answer>(.*?)</answer>.*", Pattern.DOTALL);

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String response = References.response(sample).replace("$$", "").replace("$", "");
        JsonNode ref = sample.reference();
        if (ref == null) {
            throw new InvalidInputException("the sample has no reference");
        }
        if (!GATE.matcher(deadline.guard(response)).matches()) {
            return RewardResult.ok(0.0, "no <think>…</think>…<answer>…</answer>");
        }
        String answer = Tags.first(Tags.ANSWER, response, deadline).orElse(response);
        switch (rule) {
            case "choice": {
                List<String> parts = new ArrayList<>();
                for (String a : answer.split(",", -1)) {
                    parts.add(Tags.pyStrip(a));
                }
                boolean ok;
                if (ref.isArray()) {
                    List<String> gt = new ArrayList<>();
                    ref.forEach(n -> gt.add(n.asText().replace("$$", "").replace("$", "")));
                    ok = parts.size() == gt.size() && gt.containsAll(parts);
                } else {
                    String gt = referenceText(ref, deadline);
                    if (codeFaithful) {
                        ok = parts.size() == gt.codePointCount(0, gt.length()) && parts.stream().allMatch(gt::contains);
                    } else {
                        List<String> g = new ArrayList<>();
                        for (String x : gt.split(",", -1)) {
                            g.add(Tags.pyStrip(x));
                        }
                        ok = parts.size() == g.size() && g.containsAll(parts);
                    }
                }
                return RewardResult.ok(ok ? 1.0 : 0.0).withDetail("choices", parts);
            }
            case "ocr": {
                String gt = Tags.pyStrip(referenceText(ref, deadline));
                if (TextOverlap.jiwerWords(gt).isEmpty()) {
                    throw new InvalidInputException("the OCR reference is empty (jiwer refuses empty references)");
                }
                double wer = TextOverlap.wer(gt, Tags.pyStrip(answer), deadline);
                return RewardResult.ok(Math.exp(-wer)).withDetail("wer", wer);
            }
            default: {
                String pred = Tags.pyStrip(answer.replace("\n", " "));
                String gt = Tags.pyStrip(referenceText(ref, deadline).replace("\n", " "));
                List<String> p = TextOverlap.rougeTokens(pred, true);
                List<String> g = TextOverlap.rougeTokens(gt, true);
                double r1 = TextOverlap.rougeN(p, g, 1);
                double r2 = TextOverlap.rougeN(p, g, 2);
                double rl = TextOverlap.rougeL(p, g, deadline);
                return new RewardResult((r1 + r2 + rl) / 3, dev.arbiter.core.Status.OK, "",
                        Map.of("rouge1", r1, "rouge2", r2, "rougeL", rl), Map.of());
            }
        }
    }

    private static String referenceText(JsonNode ref, Deadline deadline) {
        String gt;
        if (ref.isTextual()) {
            gt = ref.asText();
        } else if (ref.isNumber()) {
            gt = ref.asText();
        } else {
            throw new InvalidInputException("the reference must be text, got " + SampleInputs.abbreviate(ref));
        }
        gt = Tags.first(Tags.ANSWER, gt, deadline).orElse(gt);
        return gt.replace("$$", "").replace("$", "");
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "sophiavl_outcome"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "vision"; }
        @Override public String source() { return "SophiaVL-R1 outcome rewards choice / ocr / text (catalog A14)"; }
        @Override public String description() {
            return "Think/answer-gated outcome: choice-set match, exp(−WER) for OCR, or mean ROUGE-1/2/L F for free text; in [0, 1].";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.choice("rule", "text", List.of("choice", "ocr", "text"), "which SophiaVL-R1 rule"),
                    Param.optional("code_faithful", ParamKind.BOOL, true,
                            "choice against a text reference as the code does (length in characters, substring test); false: comma-split list"));
        }

        @Override
        public Reward create(Params p) {
            return new SophiaOutcome(p.string("rule"), p.bool("code_faithful"), p.signature(version()));
        }
    }
}
