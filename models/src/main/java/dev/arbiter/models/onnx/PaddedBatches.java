package dev.arbiter.models.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;

import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the ONNX models here batch token sequences so that a sequence's output never depends on its batchmates: each
 * sequence is padded to its own length rounded up to {@code padMultiple} (its bucket), a batch holds one bucket only,
 * pads carry the model's pad id and mask 0, and {@code position_ids} count real tokens only, so left and right padding
 * agree.
 */
final class PaddedBatches {
    private PaddedBatches() {
    }

    /** One batch: the indices of its sequences (into the planned list) and their common padded length. */
    record Batch(List<Integer> rows, int len) {
    }

    static int bucket(int length, int padMultiple) {
        int m = Math.max(1, padMultiple);
        return ((length + m - 1) / m) * m;
    }

    /**
     * Sequences of these lengths in batches: sorted by bucket (then by index, so the plan is deterministic), each batch
     * one bucket, at most {@code batchSize} rows and {@code maxBatchTokens} padded tokens (at least one row).
     */
    static List<Batch> plan(int[] lengths, int padMultiple, int batchSize, int maxBatchTokens) {
        List<Integer> order = new ArrayList<>(lengths.length);
        for (int i = 0; i < lengths.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(i -> bucket(lengths[i], padMultiple)).thenComparingInt(i -> i));
        List<Batch> out = new ArrayList<>();
        int start = 0;
        while (start < order.size()) {
            int len = bucket(lengths[order.get(start)], padMultiple);
            int cap = Math.max(1, Math.min(batchSize, maxBatchTokens / len));
            int end = start;
            while (end < order.size() && end - start < cap && bucket(lengths[order.get(end)], padMultiple) == len) {
                end++;
            }
            out.add(new Batch(List.copyOf(order.subList(start, end)), len));
            start = end;
        }
        return out;
    }

    /**
     * The input tensors of one batch, padded to {@code len}, for the inputs the model declares ({@code input_ids}
     * always; {@code attention_mask}, {@code position_ids}, {@code token_type_ids} when present). ONNX Runtime's CPU
     * GEMM takes a different (GEMV) path for a single row, whose result differs in the last bits, so a lone row runs
     * beside a copy of itself: its output is then the same as in any batch. Close the feed after the run.
     */
    static Feed feed(List<long[]> rows, int len, long padId, boolean leftPadding, Set<String> inputNames)
            throws OrtException {
        List<long[]> run = rows.size() == 1 ? List.of(rows.get(0), rows.get(0)) : rows;
        int b = run.size();
        long[] ids = new long[b * len];
        long[] mask = new long[b * len];
        long[] pos = new long[b * len];
        int[] offsets = new int[rows.size()];
        Arrays.fill(ids, padId);
        Arrays.fill(pos, 1);
        for (int r = 0; r < b; r++) {
            long[] row = run.get(r);
            int offset = leftPadding ? len - row.length : 0;
            if (r < offsets.length) {
                offsets[r] = offset;
            }
            for (int t = 0; t < row.length; t++) {
                ids[r * len + offset + t] = row[t];
                mask[r * len + offset + t] = 1;
                pos[r * len + offset + t] = t;
            }
        }
        long[] shape = {b, len};
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Feed feed = new Feed(new HashMap<>(), offsets);
        try {
            feed.tensors.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            if (inputNames.contains("attention_mask")) {
                feed.tensors.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            }
            if (inputNames.contains("position_ids")) {
                feed.tensors.put("position_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(pos), shape));
            }
            if (inputNames.contains("token_type_ids")) {
                feed.tensors.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[b * len]), shape));
            }
            return feed;
        } catch (OrtException | RuntimeException e) {
            feed.close();
            throw e;
        }
    }

    /** A batch's tensors, and where each given row starts inside its padded row. */
    record Feed(Map<String, OnnxTensor> tensors, int[] offsets) implements AutoCloseable {
        @Override
        public void close() {
            tensors.values().forEach(OnnxTensor::close);
        }
    }
}
