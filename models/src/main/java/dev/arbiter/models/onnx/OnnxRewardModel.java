package dev.arbiter.models.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Prompt;
import dev.arbiter.models.ScalarRewardModel;
import dev.arbiter.models.batch.Batchers;
import dev.arbiter.models.batch.MicroBatcher;
import dev.arbiter.models.rm.ChatTemplate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A sequence-classification reward model from a Hugging Face Optimum ONNX export, run with ONNX Runtime on the CPU.
 *
 * <p><b>Scoring.</b> Each conversation is rendered with the chat template ({@link ChatTemplate}), tokenised without
 * added special tokens, checked against {@code max_length} (the truncation policy), and placed in a batch.
 * <p><b>Batching.</b> Conversations are grouped by <em>length bucket</em>: each is padded to its own length rounded up
 * to a multiple of {@code pad_multiple}, never to the longest member of its batch, and a bucket is cut into batches of
 * at most {@code batch_size} rows and {@code max_batch_tokens} tokens. A conversation's padded shape therefore depends
 * only on itself.
 * <p><b>Padding.</b> Pads use the model's pad token id (not 0), the attention mask is 0 on pads, and
 * {@code position_ids} (when the model takes them) count real tokens only, 0, 1, 2, …, with pads at 1 as Hugging Face
 * does; so left and right padding give the same positions. Right padding is the default.
 * <p>The session is thread-safe; one model serves every worker.
 */
public final class OnnxRewardModel implements ScalarRewardModel, AutoCloseable {

    /** What to do with a conversation longer than {@code max_length} tokens. */
    public enum Truncation {
        /** Refuse it: {@code invalid_input}. */
        ERROR,
        /** Keep the first {@code max_length} tokens (Hugging Face's default; drops the end of the response). */
        RIGHT,
        /** Keep the last {@code max_length} tokens (drops the start of the prompt, keeps the response's end). */
        LEFT;

        public String specName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Loading and batching options. {@code maxLength} 0 means the model's own limit (else 4096). */
    public record Options(String modelFile, ChatTemplate template, int maxLength, Truncation truncation, int batchSize,
                          int padMultiple, int maxBatchTokens, int intraOpThreads, int labelIndex, String outputName,
                          boolean leftPadding) {
        public static Options defaults() {
            return new Options("model.onnx", null, 0, Truncation.ERROR, 16, 16, 16384, 1, 0, null, false);
        }
    }

    /** Inputs longer than max_length × this many characters are cut (or refused) before tokenisation. */
    static final int CHARS_PER_TOKEN_CAP = 64;

    private final HfModelDir dir;
    private final HfTokenizer tokenizer;
    private final OrtSession session;
    private final ChatTemplate template;
    private final Options options;
    private final int maxLength;
    private final long padId;
    private final Set<String> inputs;
    private final String outputName;
    private final java.util.concurrent.atomic.AtomicLong onnxRuns = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong onnxMultiRowRuns = new java.util.concurrent.atomic.AtomicLong();
    private final Batchers<long[], Outcome> batchers;

    private OnnxRewardModel(HfModelDir dir, HfTokenizer tokenizer, OrtSession session, ChatTemplate template,
                            Options options, int maxLength, long padId, String outputName) {
        this.dir = dir;
        this.tokenizer = tokenizer;
        this.session = session;
        this.template = template;
        this.options = options;
        this.maxLength = maxLength;
        this.padId = padId;
        this.inputs = session.getInputNames();
        this.outputName = outputName;
        this.batchers = new Batchers<>(new MicroBatcher.Backend<>() {
            @Override
            public MicroBatcher.Prepared<long[]> prepare(List<Prompt.Message> conversation) {
                String[] why = new String[1];
                long[] ids = ids(conversation, why);
                return ids == null ? MicroBatcher.Prepared.invalid(why[0]) : MicroBatcher.Prepared.of(ids);
            }

            @Override
            public List<Outcome> run(List<long[]> inputs, Deadline deadline) {
                return scoreTokens(inputs, deadline);
            }

            @Override
            public Outcome invalid(String reason) {
                return Outcome.invalid(reason);
            }
        }, options.batchSize(), dir.dir().getFileName().toString());
    }

    /** Loads a model directory; prefer {@link OnnxModels#rewardModel} to share one load between rewards. */
    public static OnnxRewardModel load(java.nio.file.Path path, Options options) throws IOException {
        HfModelDir dir = HfModelDir.read(path, options.modelFile());
        HfTokenizer tok = HfTokenizer.load(dir.dir().resolve("tokenizer.json"));
        try {
            OrtSession session = TokenModelSessions.open(dir, options.intraOpThreads());
            String out = options.outputName() != null ? options.outputName()
                    : session.getOutputNames().contains("logits") ? "logits" : session.getOutputNames().iterator().next();
            if (!session.getOutputNames().contains(out)) {
                session.close();
                throw new IOException(dir.model() + " has no output '" + out + "'; outputs: " + session.getOutputNames());
            }
            NodeInfo oi = session.getOutputInfo().get(out);
            if (oi.getInfo() instanceof TensorInfo ti && ti.type != ai.onnxruntime.OnnxJavaType.FLOAT) {
                session.close();
                throw new IOException("output '" + out + "' is " + ti.type + "; only float32 outputs are read");
            }
            ChatTemplate template;
            try {
                template = ChatTemplate.forModel(options.template(), dir.chatTemplate(), dir.specialTokens());
            } catch (IllegalArgumentException | IOException e) {
                session.close();
                tok.close();
                throw new IOException(e.getMessage(), e);
            }
            int max = dir.maxLength(options.maxLength());
            long pad = dir.padId(tok);
            if (options.labelIndex() < 0 || options.labelIndex() >= dir.numLabels()) {
                session.close();
                throw new IOException("label " + options.labelIndex() + " is out of range: the model has "
                        + dir.numLabels() + " label(s)");
            }
            return new OnnxRewardModel(dir, tok, session, template, options, max, pad, out);
        } catch (OrtException e) {
            tok.close();
            throw new IOException("ONNX Runtime cannot load " + dir.model() + ": " + e.getMessage(), e);
        }
    }

    public ChatTemplate template() {
        return template;
    }

    public int maxLength() {
        return maxLength;
    }

    public long padId() {
        return padId;
    }

    public HfModelDir dir() {
        return dir;
    }

    /** The rendered text of a conversation, as the model sees it. */
    public String render(List<Prompt.Message> conversation) {
        return template.render(conversation);
    }

    /** The token ids of a conversation after the truncation policy; null when refused (too long or empty). */
    long[] ids(List<Prompt.Message> conversation, String[] why) {
        String text;
        try {
            text = render(conversation);
        } catch (dev.arbiter.core.InvalidInputException e) {
            why[0] = e.getMessage(); // the model's Jinja template refuses the conversation, as Hugging Face would
            return null;
        }
        long cap = (long) maxLength * CHARS_PER_TOKEN_CAP;
        if (text.length() > cap) {
            // no tokenizer yields fewer than one token per CHARS_PER_TOKEN_CAP characters of real text: cut before
            // tokenising, so a runaway input costs no more than a long one
            switch (options.truncation()) {
                case RIGHT -> text = text.substring(0, (int) cap);
                case LEFT -> text = text.substring(text.length() - (int) cap);
                default -> {
                    why[0] = "the conversation is " + text.length() + " characters, far over max_length " + maxLength
                            + " tokens (truncation=error)";
                    return null;
                }
            }
        }
        long[] ids = tokenizer.encode(text);
        if (ids.length == 0) {
            why[0] = "the conversation renders to no tokens";
            return null;
        }
        if (ids.length > maxLength) {
            switch (options.truncation()) {
                case RIGHT:
                    return Arrays.copyOf(ids, maxLength);
                case LEFT:
                    return Arrays.copyOfRange(ids, ids.length - maxLength, ids.length);
                default:
                    why[0] = "the conversation is " + ids.length + " tokens, over max_length " + maxLength
                            + " (truncation=error)";
                    return null;
            }
        }
        return ids;
    }

    @Override
    public List<Outcome> score(List<List<Prompt.Message>> conversations, Deadline deadline) {
        int n = conversations.size();
        Outcome[] out = new Outcome[n];
        long[][] ids = new long[n][];
        List<Integer> valid = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            deadline.check();
            String[] why = new String[1];
            ids[i] = ids(conversations.get(i), why);
            if (ids[i] == null) {
                out[i] = Outcome.invalid(why[0]);
            } else {
                valid.add(i);
            }
        }
        List<Outcome> scored = scoreTokens(valid.stream().map(i -> ids[i]).toList(), deadline);
        for (int k = 0; k < valid.size(); k++) {
            out[valid.get(k)] = scored.get(k);
        }
        return Arrays.asList(out);
    }

    /**
     * Scores token sequences (from {@link #ids}): length-bucketed batches, each sequence padded to its own bucket,
     * so a sequence's outcome does not depend on the others. One outcome per sequence, in order.
     */
    List<Outcome> scoreTokens(List<long[]> ids, Deadline deadline) {
        Outcome[] out = new Outcome[ids.size()];
        int[] lengths = ids.stream().mapToInt(x -> x.length).toArray();
        for (PaddedBatches.Batch batch : PaddedBatches.plan(lengths, options.padMultiple(), options.batchSize(),
                options.maxBatchTokens())) {
            deadline.check();
            List<Integer> rows = batch.rows();
            double[][] scores = run(rows.stream().map(ids::get).toList(), batch.len());
            for (int r = 0; r < rows.size(); r++) {
                double[] row = scores[r];
                List<Double> columns = null;
                if (row.length > 1) {
                    columns = new ArrayList<>(row.length);
                    for (double c : row) {
                        columns.add(c);
                    }
                }
                out[rows.get(r)] = Outcome.ok(row[row.length > 1 ? options.labelIndex() : 0], ids.get(rows.get(r)).length,
                        columns);
            }
        }
        return Arrays.asList(out);
    }

    int bucket(int length) {
        return PaddedBatches.bucket(length, options.padMultiple());
    }

    /** Runs one batch padded to {@code len}; returns each row's output columns (one for a single-label model). */
    double[][] run(List<long[]> given, int len) {
        onnxRuns.incrementAndGet();
        if (given.size() > 1) {
            onnxMultiRowRuns.incrementAndGet();
        }
        try (PaddedBatches.Feed feed = PaddedBatches.feed(given, len, padId, options.leftPadding(), inputs)) {
            try (OrtSession.Result result = session.run(feed.tensors(), Set.of(outputName))) {
                OnnxValue v = result.get(0);
                Object value = v.getValue();
                double[][] scores = new double[given.size()][];
                if (value instanceof float[][] m) {
                    for (int r = 0; r < scores.length; r++) {
                        if (options.labelIndex() >= m[r].length) {
                            throw new IllegalStateException("output '" + outputName + "' has " + m[r].length
                                    + " column(s); label " + options.labelIndex() + " is out of range");
                        }
                        scores[r] = new double[m[r].length];
                        for (int c = 0; c < m[r].length; c++) {
                            scores[r][c] = m[r][c];
                        }
                    }
                } else if (value instanceof float[] f) {
                    for (int r = 0; r < scores.length; r++) {
                        scores[r] = new double[] {f[r]};
                    }
                } else {
                    throw new IllegalStateException("output '" + outputName + "' has an unexpected shape: "
                            + v.getInfo());
                }
                return scores;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    /** The output columns' names (config.json's {@code id2label}, else {@code label_i}). */
    public List<String> labelNames() {
        return dir.labelNames();
    }

    /** ONNX Runtime runs so far, and those with more than one real row (for tests and benchmarks). */
    public long onnxRuns() {
        return onnxRuns.get();
    }

    public long onnxMultiRowRuns() {
        return onnxMultiRowRuns.get();
    }

    /**
     * The cross-thread micro-batcher of this model for a gather window (one per window, made on first use, closed
     * with the model); it batches up to this model's {@code batch_size} conversations per call.
     */
    public MicroBatcher<long[], Outcome> batcher(java.time.Duration window) {
        return batchers.forWindow(window);
    }

    @Override
    public void close() {
        batchers.close();
        try {
            session.close();
        } catch (OrtException e) {
            // closing is best effort
        }
        tokenizer.close();
    }
}
