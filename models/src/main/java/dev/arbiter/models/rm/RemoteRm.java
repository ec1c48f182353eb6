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
import dev.arbiter.models.ModelParams;
import dev.arbiter.models.ScalarRewardModel;
import dev.arbiter.models.remote.RemoteScalarModel;

import java.util.List;
import java.util.Locale;

/**
 * {@code remote_rm}: a reward model served by vLLM ({@code /classify}, {@code /score}, {@code /pooling}) or Text
 * Embeddings Inference ({@code /predict}) scores prompt + response. Batches go out as one request per
 * {@code batch_size} samples.
 */
public record RemoteRm(ScalarRewardModel model, String transform, RewardSignature signature) implements Reward {

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
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
                    RmSupport.templateParam("chatml"),
                    RmSupport.labelParam(),
                    Param.optional("label_name", ParamKind.STRING, "LABEL_0", "tei_predict: the label whose score is the reward"),
                    Param.optional("batch_size", ParamKind.INT, 32, "samples per request"),
                    RmSupport.transformParam());
        }

        @Override
        public Reward create(Params p) {
            if (p.string("template").equals("auto")) {
                throw p.error("template", "remote_rm cannot read the server's template: name the family");
            }
            RemoteScalarModel m = new RemoteScalarModel(ModelParams.client(p, "endpoint"),
                    RemoteScalarModel.Api.valueOf(p.string("api").toUpperCase(Locale.ROOT)), p.string("path"),
                    RmSupport.template(p.string("template")), p.integer("label"), p.string("label_name"),
                    p.integer("batch_size"));
            return new RemoteRm(m, p.string("transform"), p.signature(version()));
        }
    }
}
