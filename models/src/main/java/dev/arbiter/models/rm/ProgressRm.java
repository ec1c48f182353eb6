package dev.arbiter.models.rm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.DeadlineExceededException;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.MetaInputs;
import dev.arbiter.core.Prompt;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;
import dev.arbiter.models.batch.MicroBatcher;
import dev.arbiter.models.onnx.OnnxModels;
import dev.arbiter.models.onnx.OnnxProgressModel;
import dev.arbiter.models.onnx.OnnxRewardModel;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code progress_rm}: SPA-RL's progress estimator (catalog B11a). A local ONNX model with one value per token reads
 * the agent trajectory (the prompt's messages, then the response as the last assistant turn) and gives a value c_k
 * at the last token of each assistant turn (see {@link OnnxProgressModel}). The score is Σ_k c_k, the estimate of the
 * final reward the estimator was trained to match, or with {@code step_index} (the spec's, or the sample's
 * {@code meta.step_index}) that step's c_k. {@code details.turn_values} lists every c_k — what {@code spa_rl_step}
 * reads as {@code meta.turn_values} — and {@code details.num_steps} the number of assistant turns.
 */
public record ProgressRm(OnnxProgressModel model, MicroBatcher<?, OnnxProgressModel.Outcome> batcher, Integer stepIndex,
                         RewardSignature signature) implements Reward {

    /**
     * One sample; through the model's cross-thread micro-batcher (gathered with other threads' samples) unless
     * {@code batch_window} is 0.
     */
    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        if (batcher == null) {
            return scoreBatch(List.of(sample), deadline).get(0);
        }
        Integer step;
        List<Prompt.Message> conv;
        try {
            step = step(sample);
            conv = RmSupport.conversation(sample);
        } catch (InvalidInputException e) {
            return RewardResult.invalidInput(e.getMessage());
        }
        try {
            return result(batcher.score(conv, deadline), step);
        } catch (DeadlineExceededException e) {
            return RewardResult.timeout(e.getMessage());
        } catch (InvalidInputException e) {
            return RewardResult.invalidInput(e.getMessage());
        } catch (RuntimeException e) {
            return RewardResult.error(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Override
    public List<RewardResult> scoreBatch(List<Sample> samples, Deadline deadline) {
        RewardResult[] out = new RewardResult[samples.size()];
        List<List<Prompt.Message>> convs = new ArrayList<>();
        List<Integer> steps = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            try {
                Integer step = step(samples.get(i));
                convs.add(RmSupport.conversation(samples.get(i)));
                steps.add(step);
                index.add(i);
            } catch (InvalidInputException e) {
                out[i] = RewardResult.invalidInput(e.getMessage());
            }
        }
        if (!convs.isEmpty()) {
            try {
                deadline.check();
                List<OnnxProgressModel.Outcome> scored = model.score(convs, deadline);
                for (int k = 0; k < index.size(); k++) {
                    out[index.get(k)] = result(scored.get(k), steps.get(k));
                }
            } catch (DeadlineExceededException e) {
                fill(out, index, RewardResult.timeout(e.getMessage()));
            } catch (InvalidInputException e) {
                fill(out, index, RewardResult.invalidInput(e.getMessage()));
            } catch (RuntimeException e) {
                fill(out, index, RewardResult.error(e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        return Arrays.asList(out);
    }

    /** The step whose value is the score: {@code meta.step_index}, else the spec's; null for the sum. */
    private Integer step(Sample s) {
        JsonNode n = s.meta().get("step_index");
        if (n == null || n.isNull()) {
            return stepIndex;
        }
        double d = MetaInputs.finite(n, "meta.step_index");
        if (d < 0 || d != Math.rint(d) || d > Integer.MAX_VALUE) {
            throw new InvalidInputException("meta.step_index must be a non-negative whole number, got " + n);
        }
        return (int) d;
    }

    static RewardResult result(OnnxProgressModel.Outcome o, Integer step) {
        if (o.invalidReason() != null) {
            return RewardResult.invalidInput(o.invalidReason());
        }
        if (o.errorReason() != null) {
            return RewardResult.error(o.errorReason());
        }
        List<Double> values = o.turnValues();
        int kept = values.size();
        double score;
        if (step == null) {
            score = o.sum();
        } else if (step >= o.numTurns()) {
            return RewardResult.invalidInput("step_index " + step + " is past the trajectory's " + o.numTurns()
                    + " step(s)");
        } else if (step < o.firstTurn() || step >= o.firstTurn() + kept) {
            return RewardResult.invalidInput("step " + step + " was truncated away (steps " + o.firstTurn() + " to "
                    + (o.firstTurn() + kept - 1) + " are kept)");
        } else {
            score = values.get(step - o.firstTurn());
        }
        RewardResult r = RewardResult.ok(score).withDetail("turn_values", values).withDetail("num_steps", o.numTurns())
                .withDetail("tokens", o.tokens());
        if (kept < o.numTurns()) {
            r = r.withDetail("first_step", o.firstTurn()).withDetail("truncated_steps", o.numTurns() - kept)
                    .withReason("truncation cut " + (o.numTurns() - kept) + " step(s); turn_values starts at step "
                            + o.firstTurn());
        }
        return r;
    }

    private static void fill(RewardResult[] out, List<Integer> index, RewardResult r) {
        for (int i : index) {
            out[i] = r;
        }
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "progress_rm"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "models"; }
        @Override public String source() {
            return "SPA-RL (Wang et al. 2025) progress estimator, prm/inference_prm.py (catalog B11a) via ONNX Runtime";
        }
        @Override public String description() {
            return "Per-step progress values c_k of an agent trajectory (value at each assistant turn's last token); "
                    + "score Σ c_k or one step's c_k, details.turn_values for spa_rl_step.";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.required("model_dir", ParamKind.STRING,
                            "directory with model.onnx (per-token values [batch, seq(, 1)]), tokenizer.json, "
                                    + "tokenizer_config.json, config.json"),
                    Param.optional("model_file", ParamKind.STRING, "model.onnx", "the ONNX file inside model_dir"),
                    RmSupport.localTemplateParam(),
                    Param.optional("output", ParamKind.STRING, "auto",
                            "the per-token output; auto = values, else logits, else the first"),
                    Param.optional("max_length", ParamKind.INT, 0, "token limit; 0 = the model's own (else 4096)"),
                    Param.choice("truncation", "error", List.of("error", "left", "right"),
                            "over max_length: error = invalid_input; left = keep the end, right = keep the start "
                                    + "(a turn whose last token is cut gets no value: see details.first_step)"),
                    Param.optional("step_index", ParamKind.INT, null,
                            "score this step's c_k (0-based assistant turn) instead of Σ c_k; meta.step_index "
                                    + "overrides it per sample"),
                    Param.optional("batch_size", ParamKind.INT, 16, "rows per ONNX run"),
                    Param.optional("pad_multiple", ParamKind.INT, 16, "length buckets: pad each input to a multiple of this"),
                    Param.optional("max_batch_tokens", ParamKind.INT, 16384, "rows × padded length per ONNX run"),
                    Param.optional("intra_op_threads", ParamKind.INT, 1, "ONNX Runtime threads per run"),
                    Param.optional("batch_window", ParamKind.DURATION, Duration.ofMillis(2),
                            "gather concurrent single-sample calls for up to this long into one ONNX batch "
                                    + "(at most batch_size); 0 = no cross-thread batching"));
        }

        @Override
        public Reward create(Params p) {
            for (String k : List.of("batch_size", "pad_multiple", "max_batch_tokens", "intra_op_threads")) {
                if (p.integer(k) < 1) {
                    throw p.error(k, k + " (" + p.integer(k) + ") must be at least 1");
                }
            }
            if (p.integer("max_length") < 0) {
                throw p.error("max_length", "max_length (" + p.integer("max_length") + ") must not be negative");
            }
            Integer step = p.isSet("step_index") ? p.integer("step_index") : null;
            if (step != null && step < 0) {
                throw p.error("step_index", "step_index (" + step + ") must not be negative");
            }
            Duration window = p.duration("batch_window");
            if (window.isNegative()) {
                throw p.error("batch_window", "batch_window (" + window + ") must not be negative");
            }
            String output = p.string("output");
            OnnxProgressModel.Options o = new OnnxProgressModel.Options(p.string("model_file"),
                    RmSupport.template(p.string("template")), p.integer("max_length"),
                    OnnxRewardModel.Truncation.valueOf(p.string("truncation").toUpperCase(Locale.ROOT)),
                    p.integer("batch_size"), p.integer("pad_multiple"), p.integer("max_batch_tokens"),
                    p.integer("intra_op_threads"), output.equals("auto") ? null : output, false);
            try {
                OnnxProgressModel model = OnnxModels.of(p.resources()).progressModel(Path.of(p.string("model_dir")), o);
                return new ProgressRm(model, window.isZero() ? null : model.batcher(window), step, p.signature(version()));
            } catch (IOException e) {
                throw p.error("model_dir", "cannot load the progress model: " + e.getMessage());
            }
        }
    }
}
