package dev.arbiter.models.rm;

import dev.arbiter.core.Deadline;
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
import dev.arbiter.models.onnx.OnnxRewardModel;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code scalar_rm}: a local sequence-classification reward model (a Hugging Face Optimum ONNX export) scores the
 * prompt and response, rendered with the model's chat template. The score is the model's raw output for the chosen
 * label (unbounded), or its sigmoid; a multi-label model (multi-objective RMs, e.g. DPA's helpfulness/verbosity
 * heads) also gives every column, raw, as components named by {@code id2label}. Batches are length-bucketed; a
 * sample's score does not depend on its batch. Single {@link #score} calls from several threads are gathered into
 * shared batches by the model's {@link MicroBatcher} unless {@code batch_window} is 0; {@link #scoreBatch} runs
 * its batch directly.
 */
public record ScalarRm(OnnxRewardModel model, MicroBatcher<long[], dev.arbiter.models.ScalarRewardModel.Outcome> batcher, String transform, RewardSignature signature)
        implements Reward {

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        if (batcher != null) {
            return RmSupport.scoreOne(batcher, sample, transform, model.labelNames(), deadline);
        }
        return RmSupport.scoreAll(model, List.of(sample), transform, model.labelNames(), deadline).get(0);
    }

    @Override
    public List<RewardResult> scoreBatch(List<Sample> samples, Deadline deadline) {
        return RmSupport.scoreAll(model, samples, transform, model.labelNames(), deadline);
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "scalar_rm"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "models"; }
        @Override public String source() {
            return "Sequence-classification RMs (Skywork-Reward-V2, RewardBench models) via ONNX Runtime";
        }
        @Override public String description() {
            return "A local ONNX reward model's score of prompt + response: raw (unbounded) or sigmoid in (0, 1).";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.required("model_dir", ParamKind.STRING,
                            "directory with model.onnx, tokenizer.json, tokenizer_config.json, config.json"),
                    Param.optional("model_file", ParamKind.STRING, "model.onnx", "the ONNX file inside model_dir"),
                    RmSupport.localTemplateParam(),
                    Param.optional("max_length", ParamKind.INT, 0, "token limit; 0 = the model's own (else 4096)"),
                    Param.choice("truncation", "error", List.of("error", "left", "right"),
                            "over max_length: error = invalid_input; left = keep the end; right = keep the start"),
                    Param.optional("batch_size", ParamKind.INT, 16, "rows per ONNX run"),
                    Param.optional("pad_multiple", ParamKind.INT, 16, "length buckets: pad each input to a multiple of this"),
                    Param.optional("max_batch_tokens", ParamKind.INT, 16384, "rows × padded length per ONNX run"),
                    Param.optional("intra_op_threads", ParamKind.INT, 1, "ONNX Runtime threads per run"),
                    RmSupport.labelParam(),
                    RmSupport.transformParam(),
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
            OnnxRewardModel.Options o = new OnnxRewardModel.Options(p.string("model_file"),
                    RmSupport.template(p.string("template")), p.integer("max_length"),
                    OnnxRewardModel.Truncation.valueOf(p.string("truncation").toUpperCase(Locale.ROOT)),
                    p.integer("batch_size"), p.integer("pad_multiple"), p.integer("max_batch_tokens"),
                    p.integer("intra_op_threads"), p.integer("label"), null, false);
            Duration window = p.duration("batch_window");
            if (window.isNegative()) {
                throw p.error("batch_window", "batch_window (" + window + ") must not be negative");
            }
            try {
                OnnxRewardModel model = OnnxModels.of(p.resources()).rewardModel(Path.of(p.string("model_dir")), o);
                return new ScalarRm(model, window.isZero() ? null : model.batcher(window), p.string("transform"),
                        p.signature(version()));
            } catch (IOException e) {
                throw p.error("model_dir", "cannot load the reward model: " + e.getMessage());
            }
        }
    }
}
