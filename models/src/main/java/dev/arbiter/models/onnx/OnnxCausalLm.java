package dev.arbiter.models.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.models.LogProbProvider;

import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link LogProbProvider} over a local ONNX causal LM (an Optimum {@code text-generation} export without past key
 * values: input_ids, attention_mask [, position_ids] → logits [batch, sequence, vocab]). Context and continuation are
 * tokenised separately and concatenated, so the boundary is exact; the continuation's token t is scored from the
 * logits at position t − 1 with a log-softmax in double precision. One sequence per run: no padding at all.
 */
public final class OnnxCausalLm implements LogProbProvider, AutoCloseable {

    /** {@code maxLength} caps context + continuation tokens; the context is cut from the left to fit. */
    public record Options(String modelFile, int maxLength, int intraOpThreads) {
        public static Options defaults() {
            return new Options("model.onnx", 2048, 1);
        }
    }

    private final HfTokenizer tokenizer;
    private final OrtSession session;
    private final Options options;
    private final Set<String> inputs;

    private OnnxCausalLm(HfTokenizer tokenizer, OrtSession session, Options options) {
        this.tokenizer = tokenizer;
        this.session = session;
        this.options = options;
        this.inputs = session.getInputNames();
    }

    public static OnnxCausalLm load(Path dir, Options options) throws IOException {
        HfModelDir d = HfModelDir.read(dir, options.modelFile());
        HfTokenizer tok = HfTokenizer.load(dir.resolve("tokenizer.json"));
        try {
            OrtSession.SessionOptions so = new OrtSession.SessionOptions();
            so.setIntraOpNumThreads(Math.max(1, options.intraOpThreads()));
            so.setInterOpNumThreads(1);
            OrtSession s = OrtEnvironment.getEnvironment().createSession(d.model().toString(), so);
            if (!s.getInputNames().contains("input_ids")) {
                s.close();
                throw new IOException(d.model() + " has no input_ids input");
            }
            return new OnnxCausalLm(tok, s, options);
        } catch (OrtException e) {
            tok.close();
            throw new IOException("ONNX Runtime cannot load " + d.model() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public TokenLogProbs logProbs(String context, String continuation, Deadline deadline) {
        long[] ctx = tokenizer.encode(context);
        long[] cont = tokenizer.encode(continuation);
        if (cont.length == 0) {
            throw new InvalidInputException("nothing to score: the continuation has no tokens");
        }
        if (cont.length >= options.maxLength()) {
            throw new InvalidInputException("the continuation is " + cont.length + " tokens, over max_length "
                    + options.maxLength());
        }
        int keep = Math.min(ctx.length, options.maxLength() - cont.length);
        if (keep == 0) {
            throw new InvalidInputException("the first continuation token has no context to be scored from");
        }
        int n = keep + cont.length;
        long[] ids = new long[n];
        System.arraycopy(ctx, ctx.length - keep, ids, 0, keep);
        System.arraycopy(cont, 0, ids, keep, cont.length);
        deadline.check();
        long[] shape = {1, n};
        long[] mask = new long[n];
        long[] pos = new long[n];
        for (int i = 0; i < n; i++) {
            mask[i] = 1;
            pos[i] = i;
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            feed.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            if (inputs.contains("attention_mask")) {
                feed.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            }
            if (inputs.contains("position_ids")) {
                feed.put("position_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(pos), shape));
            }
            try (OrtSession.Result r = session.run(feed)) {
                float[][][] logits = (float[][][]) r.get(0).getValue();
                double[] out = new double[cont.length];
                List<String> toks = new ArrayList<>();
                for (int j = 0; j < cont.length; j++) {
                    float[] row = logits[0][keep + j - 1];
                    out[j] = logSoftmax(row, (int) cont[j]);
                    toks.add(Long.toString(cont[j]));
                }
                return new TokenLogProbs(toks, out);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    static double logSoftmax(float[] row, int index) {
        double max = Double.NEGATIVE_INFINITY;
        for (float f : row) {
            max = Math.max(max, f);
        }
        double sum = 0;
        for (float f : row) {
            sum += Math.exp(f - max);
        }
        return row[index] - max - Math.log(sum);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // best effort
        }
        tokenizer.close();
    }
}
