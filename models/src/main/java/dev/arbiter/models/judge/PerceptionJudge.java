package dev.arbiter.models.judge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
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
import java.util.Optional;
import java.util.Set;

/**
 * {@code judge_visual_perception}: Perception-R1's visual perception reward (Xiao et al., 2025, "Advancing Multimodal
 * Reasoning Capabilities of MLLMs via Visual Perception Reward"; reconstruction: the design is not in the catalog). The
 * sample carries visual annotations (short statements of the visual facts a question needs, in
 * {@code meta.visual_annotations}: a list of strings, or one string); a judge LLM is asked, once per annotation and in
 * parallel, whether the response perceives that fact consistently (YES/NO). The reward is the fraction of annotations
 * judged consistent, in [0, 1]; {@code details.verdicts} lists them. A verdict that cannot be read makes the result
 * {@code error} with the raw text ({@code unparsed: zero} counts it as inconsistent and says so). The judge sees text
 * only: the annotations stand in for the image, as in the paper.
 */
public record PerceptionJudge(JudgeSupport.Settings settings, String field, int maxAnnotations, RewardSignature signature)
        implements JudgeReward {

    /** The annotations of the sample, in order; invalid_input when absent, empty, not strings or too many. */
    List<String> annotations(Sample s) {
        JsonNode a = s.meta().get(field);
        List<String> out = new ArrayList<>();
        if (a != null && a.isTextual()) {
            out.add(a.asText());
        } else if (a != null && a.isArray()) {
            for (JsonNode x : a) {
                if (!x.isTextual()) {
                    throw new InvalidInputException("meta." + field + " must hold strings");
                }
                out.add(x.asText());
            }
        } else if (a != null && !a.isNull()) {
            throw new InvalidInputException("meta." + field + " must be a string or a list of strings");
        }
        out.removeIf(String::isBlank);
        if (out.isEmpty()) {
            throw new InvalidInputException("the sample has no visual annotations (meta." + field + ")");
        }
        if (out.size() > maxAnnotations) {
            throw new InvalidInputException("the sample has " + out.size() + " visual annotations, over max_annotations "
                    + maxAnnotations);
        }
        for (String x : out) {
            settings.bounded(x, "annotation");
        }
        return out;
    }

    @Override
    public RewardResult judge(Sample s, Deadline deadline) {
        String response = settings.response(s);
        List<String> anns = annotations(s);
        String question = JudgeSupport.question(s);
        List<String> raws = settings.parallel(anns, a -> settings.call(
                Map.of("question", question, "annotation", a, "response", response), deadline).first().text());
        List<Object> verdicts = new ArrayList<>();
        int consistent = 0;
        int unread = 0;
        for (int i = 0; i < raws.size(); i++) {
            Optional<Boolean> v = Verdicts.yesNo(raws.get(i));
            if (v.isEmpty()) {
                if (!settings.unparsedZero()) {
                    return Outcomes.unparsed("YES or NO for annotation " + (i + 1) + " of " + raws.size(), raws.get(i), false)
                            .withDetail("annotation", i);
                }
                unread++;
                verdicts.add("unparsed");
            } else {
                verdicts.add(v.get());
                consistent += v.get() ? 1 : 0;
            }
        }
        double score = (double) consistent / anns.size();
        String reason = consistent + " of " + anns.size() + " visual annotations judged consistent"
                + (unread > 0 ? "; " + unread + " unreadable verdict(s) counted as inconsistent (unparsed=zero)" : "");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("verdicts", verdicts);
        details.put("consistent", consistent);
        details.put("annotations", anns.size());
        if (unread > 0) {
            details.put("unparsed", unread);
        }
        return new RewardResult(score, Status.OK, reason, details, Map.of());
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "judge_visual_perception"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "models"; }
        @Override public String source() {
            return "Perception-R1 visual perception reward (Xiao et al., 2025, arXiv 2506.07218; reconstruction)";
        }
        @Override public String description() {
            return "Fraction of the sample's visual annotations (meta.visual_annotations) a judge finds the response "
                    + "consistent with, in [0, 1].";
        }
        @Override public List<Param> parameters() {
            return JudgeSupport.with(List.of(
                    Param.optional("annotations_field", ParamKind.STRING, "visual_annotations",
                            "meta field holding the visual annotations (list of strings or one string)"),
                    Param.optional("max_annotations", ParamKind.INT, 32, "samples with more annotations are invalid_input")),
                    JudgeSupport.parameters("perception_consistency", 8, 0.0));
        }

        @Override
        public Reward create(Params p) {
            if (p.integer("max_annotations") < 1) {
                throw p.error("max_annotations", "max_annotations must be at least 1");
            }
            if (p.string("annotations_field").isBlank()) {
                throw p.error("annotations_field", "annotations_field must not be blank");
            }
            return new PerceptionJudge(JudgeSupport.settings(p, Set.of("question", "annotation", "response")),
                    p.string("annotations_field"), p.integer("max_annotations"), p.signature(version()));
        }
    }
}
