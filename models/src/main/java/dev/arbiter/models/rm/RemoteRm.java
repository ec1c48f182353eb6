package dev.arbiter.models.rm;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Prompt;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;
import dev.arbiter.models.ModelParams;
import dev.arbiter.models.ScalarRewardModel;
import dev.arbiter.models.batch.MicroBatcher;
import dev.arbiter.models.remote.RemoteScalarModel;

import java.util.List;
import java.util.Locale;

/**
 * {@code remote_rm}: a reward model served by vLLM ({@code /classify}, {@code /score}, {@code /pooling}) or Text
 * Embeddings Inference ({@code /predict}) scores prompt + response. Batches go out as one request per
 * {@code batch_size} samples. Single-sample calls from the engine's workers are gathered into shared requests by a
 * {@link MicroBatcher} for {@code batch_window} (not for {@code vllm_score}, which sends one pair per request).
 */
public record RemoteRm(ScalarRewardModel model, MicroBatcher<String, ScalarRewardModel.Outcome> batcher, String transform,
                       RewardSignature signature)
        implements Reward {

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        if (batcher != null) {
            return RmSupport.scoreOne(batcher, sample, transform, null, deadline);
        }
        return RmSupport.scoreAll(model, List.of(sample), transform, deadline).get(0);
    }

    @Override
    public List<RewardResult> scoreBatch(List<Sample> samples, Deadline deadline) {
        return RmSupport.scoreAll(model, samples, transform, deadline);
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "remote_rm"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "models"; }
        @Override public String source() { return "vLLM /classify, /score, /pooling; TEI /predict"; }
        @Override public String description() {
            return "A served reward model's score of prompt + response: raw (unbounded) or sigmoid in (0, 1).";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    ModelParams.endpoint("endpoint", "the reward model server"),
                    Param.choice("api", "vllm_classify", List.of("vllm_classify", "vllm_score", "vllm_pooling", "tei_predict"),
                            "the server's API"),
                    Param.optional("path", ParamKind.STRING, null, "override the API's path under base_url"),
                    Param.choice("template", "chatml", RmSupport.localTemplateParam().choices(),
                            "the chat template rendered client-side: a family rendered in Java; jinja (the model's own "
                                    + "chat_template, as Hugging Face renders it) or auto need tokenizer_dir"),
                    ModelParams.tokenizerDir(),
                    RmSupport.labelParam(),
                    Param.optional("label_name", ParamKind.STRING, "LABEL_0", "tei_predict: the label whose score is the reward"),
                    Param.optional("batch_size", ParamKind.INT, 32, "samples per request"),
                    Param.optional("batch_window", ParamKind.DURATION, java.time.Duration.ofMillis(2),
                            "gather concurrent single-sample calls into one request for up to this long (0: off)"),
                    RmSupport.transformParam());
        }

        @Override
        public Reward create(Params p) {
            RemoteScalarModel m = new RemoteScalarModel(ModelParams.client(p, "endpoint"),
                    RemoteScalarModel.Api.valueOf(p.string("api").toUpperCase(Locale.ROOT)), p.string("path"),
                    ModelParams.chatTemplate(p), p.integer("label"), p.string("label_name"), p.integer("batch_size"));
            java.time.Duration window = p.duration("batch_window");
            if (window.isNegative()) {
                throw p.error("batch_window", "must not be negative");
            }
            MicroBatcher<String, ScalarRewardModel.Outcome> batcher = null;
            if (!window.isZero() && m.batches() && p.integer("batch_size") > 1) {
                batcher = batcher(p, m, window);
            }
            return new RemoteRm(m, batcher, p.string("transform"), p.signature(version()));
        }

        /** One batcher per distinct spec, shared by equal specs and closed with the registry. */
        @SuppressWarnings("unchecked")
        private MicroBatcher<String, ScalarRewardModel.Outcome> batcher(Params p, RemoteScalarModel m, java.time.Duration window) {
            RewardSignature sig = p.signature(version());
            return p.resources().computeIfAbsent(List.of("remote_rm.batcher", sig.text()), MicroBatcher.class,
                        () -> new MicroBatcher<>(new MicroBatcher.Backend<String, ScalarRewardModel.Outcome>() {
                            @Override
                            public MicroBatcher.Prepared<String> prepare(List<Prompt.Message> conversation) {
                                return MicroBatcher.Prepared.of(m.render(conversation));
                            }

                            @Override
                            public List<ScalarRewardModel.Outcome> run(List<String> texts, Deadline deadline) {
                                return m.scoreTexts(texts, deadline);
                            }

                            @Override
                            public ScalarRewardModel.Outcome invalid(String reason) {
                                return ScalarRewardModel.Outcome.invalid(reason);
                            }
                        }, window, p.integer("batch_size"), m.maxConcurrency(), "remote_rm-" + sig.id()));
        }
    }
}
