package dev.arbiter.models.rm;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.DeadlineExceededException;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Prompt;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.models.Outcomes;
import dev.arbiter.models.ScalarRewardModel;
import dev.arbiter.models.batch.MicroBatcher;
import dev.arbiter.models.remote.RemoteException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** What {@code scalar_rm} and {@code remote_rm} share: building conversations, batching, the output transform. */
final class RmSupport {
    static final List<String> FAMILIES = List.of("auto", "chatml", "qwen3", "llama3", "gemma", "plain");

    private RmSupport() {
    }

    static Param transformParam() {
        return Param.choice("transform", "none", List.of("none", "sigmoid"),
                "none: the model's raw score (a logit, unbounded); sigmoid: mapped into (0, 1)");
    }

    static Param templateParam(String dflt) {
        return Param.choice("template", dflt, FAMILIES, "the chat template family; auto reads tokenizer_config.json");
    }

    /** For a local model directory: {@code auto}, the model's own {@code jinja} template, or a Java family. */
    static Param localTemplateParam() {
        List<String> choices = new java.util.ArrayList<>(FAMILIES);
        choices.add(1, "jinja");
        return Param.choice("template", "auto", choices, "jinja: the model's own chat_template (tokenizer_config.json), "
                + "rendered as Hugging Face does; auto: that template when it parses and renders, else the family its "
                + "markers show (the choice is in the model's describe()); or a family rendered in Java");
    }

    static Param labelParam() {
        return Param.optional("label", ParamKind.INT, 0, "which output column (label index) is the reward");
    }

    static ChatTemplate template(String name) {
        return name.equals("auto") ? null : ChatTemplate.of(ChatTemplate.Family.valueOf(name.toUpperCase(Locale.ROOT)));
    }

    static List<Prompt.Message> conversation(Sample s) {
        if (s.response() == null) {
            throw new InvalidInputException("the sample has no response");
        }
        return ChatTemplate.conversation(s.prompt(), s.response());
    }

    static double transform(String transform, double raw) {
        return transform.equals("sigmoid") ? 1.0 / (1.0 + Math.exp(-raw)) : raw;
    }

    /** Scores every sample with one model call; a bad sample gets its own status and never fails the others. */
    static List<RewardResult> scoreAll(ScalarRewardModel model, List<Sample> samples, String transform, Deadline deadline) {
        return scoreAll(model, samples, transform, null, deadline);
    }

    /** As above; {@code labelNames} names a multi-label model's columns in the results' components. */
    static List<RewardResult> scoreAll(ScalarRewardModel model, List<Sample> samples, String transform,
                                       List<String> labelNames, Deadline deadline) {
        RewardResult[] out = new RewardResult[samples.size()];
        List<List<Prompt.Message>> convs = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            try {
                convs.add(conversation(samples.get(i)));
                index.add(i);
            } catch (InvalidInputException e) {
                out[i] = RewardResult.invalidInput(e.getMessage());
            }
        }
        if (!convs.isEmpty()) {
            try {
                deadline.check();
                List<ScalarRewardModel.Outcome> scored = model.score(convs, deadline);
                for (int k = 0; k < index.size(); k++) {
                    out[index.get(k)] = result(scored.get(k), transform, labelNames);
                }
            } catch (RuntimeException e) {
                fill(out, index, failure(e));
            }
        }
        return Arrays.asList(out);
    }

    /** One sample through a cross-thread micro-batcher (one conversation per call, gathered with other threads'). */
    static RewardResult scoreOne(MicroBatcher<?, ScalarRewardModel.Outcome> batcher, Sample sample, String transform, List<String> labelNames,
                                 Deadline deadline) {
        List<Prompt.Message> conv;
        try {
            conv = conversation(sample);
        } catch (InvalidInputException e) {
            return RewardResult.invalidInput(e.getMessage());
        }
        try {
            return result(batcher.score(conv, deadline), transform, labelNames);
        } catch (RuntimeException e) {
            return failure(e);
        }
    }

    /**
     * A model outcome as a result: the (transformed) score of the chosen label; a multi-label model's every column,
     * raw, as components named by {@code labelNames}.
     */
    static RewardResult result(ScalarRewardModel.Outcome o, String transform, List<String> labelNames) {
        if (!o.isOk()) {
            return RewardResult.invalidInput(o.invalidReason());
        }
        RewardResult r = RewardResult.ok(transform(transform, o.score())).withDetail("raw_score", o.score())
                .withDetail("tokens", o.tokens() > 0 ? o.tokens() : null);
        List<Double> cols = o.columns();
        if (cols != null && cols.size() > 1) {
            Map<String, Double> comps = new LinkedHashMap<>();
            for (int i = 0; i < cols.size(); i++) {
                String name = labelNames != null && i < labelNames.size() ? labelNames.get(i) : "label_" + i;
                comps.put(name, cols.get(i));
            }
            r = r.withComponents(comps);
        }
        return r;
    }

    private static RewardResult failure(RuntimeException e) {
        if (e instanceof DeadlineExceededException) {
            return RewardResult.timeout(e.getMessage());
        }
        if (e instanceof InvalidInputException) {
            return RewardResult.invalidInput(e.getMessage());
        }
        if (e instanceof RemoteException re) {
            return Outcomes.remoteFailure(re);
        }
        return RewardResult.error(e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private static void fill(RewardResult[] out, List<Integer> index, RewardResult r) {
        for (int i : index) {
            out[i] = r;
        }
    }
}
