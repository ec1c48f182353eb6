package dev.arbiter.models.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Prompt;
import dev.arbiter.models.batch.Batchers;
import dev.arbiter.models.batch.MicroBatcher;
import dev.arbiter.models.rm.ChatTemplate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SPA-RL's progress estimator (catalog B11a) from an ONNX export whose output is one value per token
 * ({@code [batch, seq]} or {@code [batch, seq, 1]}: a token-classification head with one label, or a causal LM with
 * its linear value head folded in). A trajectory (a chat: the agent's actions as assistant turns, the environment's
 * observations as user turns) gets one value c_k per assistant turn, read at the <b>last token of that turn</b>.
 *
 * <p><b>Which token.</b> The authors ({@code prm/inference_prm.py}, {@code train_our_progress_model.py}) mask
 * everything but the assistant turns (from the end-of-header token through the closing {@code <|eot_id|>}, Llama 3
 * template) and take the last index of each contiguous unmasked run: the turn's end-of-turn token. Here the turn's
 * end is found in the rendered text instead: the conversation up to and including assistant message i is rendered
 * with the same template, must be a prefix of the whole rendering, and its last non-whitespace character is the
 * turn's last character (the end-of-turn marker: {@code <|eot_id|>}, {@code <|im_end|>}, {@code <end_of_turn>}; the
 * content's last character for {@code plain}). The whole text is tokenised once with offsets, and the turn's value is
 * read at the token that covers that character, so a BPE merge across the boundary still lands on the right token.
 * A template that renders a turn differently when it is last (e.g. {@code qwen3}'s think block) cannot be located
 * this way and is an error.
 *
 * <p><b>Batching and padding</b> are those of {@link OnnxRewardModel}: length buckets, the model's pad id, mask 0 on
 * pads, {@code position_ids} over real tokens only, a lone row run beside a copy of itself; values do not depend on
 * the batch. <b>Truncation</b> over {@code max_length}: {@code error} (default) refuses; {@code right} keeps the
 * start (the authors' tokenizer call truncates on the right), {@code left} keeps the end. A turn whose last token
 * is cut off gets no value: the outcome lists the values of the kept turns only, with {@code firstTurn} the index of
 * the first kept one and {@code numTurns} the number of assistant turns in the conversation; if no turn is left the
 * conversation is refused. The session is thread-safe; one model serves every worker.
 */
public final class OnnxProgressModel implements AutoCloseable {

    /** Loading and batching options. {@code maxLength} 0 means the model's own limit (else 4096). */
    public record Options(String modelFile, ChatTemplate template, int maxLength, OnnxRewardModel.Truncation truncation,
                          int batchSize, int padMultiple, int maxBatchTokens, int intraOpThreads, String outputName,
                          boolean leftPadding) {
        public static Options defaults() {
            return new Options("model.onnx", null, 0, OnnxRewardModel.Truncation.ERROR, 16, 16, 16384, 1, null, false);
        }
    }

    /**
     * One conversation's per-turn values, or why there are none. {@code turnValues} holds the kept turns' c_k in
     * order, the first being assistant turn {@code firstTurn} (0-based among the assistant turns); {@code turnEnds}
     * the token index each was read at; {@code invalidReason} is the input's fault, {@code errorReason} not.
     */
    public record Outcome(List<Double> turnValues, int numTurns, int firstTurn, int tokens, List<Integer> turnEnds,
                          String invalidReason, String errorReason) {
        static Outcome invalid(String reason) {
            return new Outcome(List.of(), 0, 0, 0, List.of(), reason, null);
        }

        static Outcome error(String reason) {
            return new Outcome(List.of(), 0, 0, 0, List.of(), null, reason);
        }

        public boolean isOk() {
            return invalidReason == null && errorReason == null;
        }

        /** Σ c_k over the kept turns: the estimate of the final reward. */
        public double sum() {
            double s = 0;
            for (double v : turnValues) {
                s += v;
            }
            return s;
        }
    }

    /** A conversation ready to run: its token ids and, per kept assistant turn, the index of its last token. */
    record Encoded(long[] ids, int[] turnEnds, int numTurns, int firstTurn) {
    }

    private final HfModelDir dir;
    private final HfTokenizer tokenizer;
    private final OrtSession session;
    private final ChatTemplate template;
    private final Options options;
    private final int maxLength;
    private final long padId;
    private final Set<String> inputs;
    private final String outputName;
    private final AtomicLong onnxRuns = new AtomicLong();
    private final Batchers<Encoded, Outcome> batchers;

    private OnnxProgressModel(HfModelDir dir, HfTokenizer tokenizer, OrtSession session, ChatTemplate template,
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
            public MicroBatcher.Prepared<Encoded> prepare(List<Prompt.Message> conversation) {
                try {
                    return MicroBatcher.Prepared.of(encode(conversation));
                } catch (InvalidInputException e) {
                    return MicroBatcher.Prepared.invalid(e.getMessage());
                }
            }

            @Override
            public List<Outcome> run(List<Encoded> inputs, Deadline deadline) {
                return scoreEncoded(inputs, deadline);
            }

            @Override
            public Outcome invalid(String reason) {
                return Outcome.invalid(reason);
            }
        }, options.batchSize(), dir.dir().getFileName() + "-progress");
    }

    /** Loads a model directory; prefer {@link OnnxModels#progressModel} to share one load between rewards. */
    public static OnnxProgressModel load(Path path, Options options) throws IOException {
        HfModelDir dir = HfModelDir.read(path, options.modelFile());
        HfTokenizer tok = HfTokenizer.load(dir.dir().resolve("tokenizer.json"));
        OrtSession session = null;
        try {
            session = TokenModelSessions.open(dir, options.intraOpThreads());
            Set<String> outs = session.getOutputNames();
            String out = options.outputName() != null ? options.outputName()
                    : outs.contains("values") ? "values" : outs.contains("logits") ? "logits" : outs.iterator().next();
            if (!outs.contains(out)) {
                throw new IOException(dir.model() + " has no output '" + out + "'; outputs: " + outs);
            }
            NodeInfo oi = session.getOutputInfo().get(out);
            if (!(oi.getInfo() instanceof TensorInfo ti) || ti.type != OnnxJavaType.FLOAT) {
                throw new IOException("output '" + out + "' is " + oi.getInfo() + "; a float32 tensor is read");
            }
            long[] shape = ti.getShape();
            // [batch, 1] with a fixed second dimension is a sequence-level head (text-classification), not per token
            if (shape.length != 2 && shape.length != 3 || shape.length == 3 && shape[2] > 1
                    || shape.length == 2 && shape[1] > 0) {
                throw new IOException("output '" + out + "' has shape " + Arrays.toString(shape) + "; a progress model "
                        + "gives one value per token: [batch, seq] or [batch, seq, 1] (export a token-classification "
                        + "head with num_labels=1, or the value head over the LM)");
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
            return new OnnxProgressModel(dir, tok, session, template, options, max, pad, out);
        } catch (OrtException e) {
            closeQuietly(session);
            tok.close();
            throw new IOException("ONNX Runtime cannot load " + dir.model() + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(session);
            tok.close();
            throw e;
        }
    }

    private static void closeQuietly(OrtSession s) {
        if (s != null) {
            try {
                s.close();
            } catch (OrtException ignored) {
                // best effort
            }
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

    /** The name of the per-token output read. */
    public String outputName() {
        return outputName;
    }

    /** The rendered text of a conversation, as the model sees it. */
    public String render(List<Prompt.Message> conversation) {
        return renderText(conversation);
    }

    /** Every rendering (the whole conversation and its prefixes) goes through here. */
    private String renderText(List<Prompt.Message> conversation) {
        return template.render(conversation);
    }

    /**
     * Renders and tokenises a conversation and locates the last token of each assistant turn, after the truncation
     * policy. Throws {@link InvalidInputException} for the input's faults, {@link IllegalStateException} when the
     * template cannot be used to locate turns.
     */
    Encoded encode(List<Prompt.Message> conversation) {
        List<Integer> assistant = new ArrayList<>();
        for (int i = 0; i < conversation.size(); i++) {
            if (conversation.get(i).role().equals("assistant")) {
                assistant.add(i);
            }
        }
        if (assistant.isEmpty()) {
            throw new InvalidInputException("the trajectory has no assistant turn");
        }
        String text = renderText(conversation);
        long cap = (long) maxLength * OnnxRewardModel.CHARS_PER_TOKEN_CAP;
        if (text.length() > cap && options.truncation() == OnnxRewardModel.Truncation.ERROR) {
            throw new InvalidInputException("the conversation is " + text.length() + " characters, far over max_length "
                    + maxLength + " tokens (truncation=error)");
        }
        int n = assistant.size();
        int[] endChars = new int[n];
        for (int k = 0; k < n; k++) {
            int i = assistant.get(k);
            String prefix = i == conversation.size() - 1 ? text : renderText(conversation.subList(0, i + 1));
            if (!text.startsWith(prefix)) {
                throw new IllegalStateException("template " + template.describe() + " renders assistant turn " + k
                        + " differently when it is the last message, so its end cannot be located; use a template "
                        + "that renders every turn the same way (e.g. chatml instead of qwen3)");
            }
            endChars[k] = prefix.stripTrailing().length();
        }
        // no tokenizer yields fewer than one token per CHARS_PER_TOKEN_CAP characters of real text: cut before
        // tokenising, so a runaway input costs no more than a long one
        int offset = 0;
        if (text.length() > cap) {
            if (options.truncation() == OnnxRewardModel.Truncation.LEFT) {
                offset = text.length() - (int) cap;
                text = text.substring(offset);
            } else {
                text = text.substring(0, (int) cap);
            }
        }
        HfTokenizer.Spans spans = tokenizer.encodeWithSpans(text);
        long[] ids = spans.ids();
        int[] starts = spans.starts();
        if (ids.length == 0) {
            throw new InvalidInputException("the conversation renders to no tokens");
        }
        int[] ends = new int[n];
        int t = -1;
        for (int k = 0; k < n; k++) {
            int e = endChars[k] - offset;
            if (e <= 0 || e > text.length()) {
                ends[k] = -1; // cut off with the text
                continue;
            }
            int cp = text.codePointCount(0, e); // the tokenizer's offsets count code points
            while (t + 1 < ids.length && starts[t + 1] < cp) {
                t++;
            }
            ends[k] = t >= 0 && starts[t] >= 0 ? t : -1;
        }
        int from = 0;
        if (ids.length > maxLength) {
            switch (options.truncation()) {
                case RIGHT -> ids = Arrays.copyOf(ids, maxLength);
                case LEFT -> {
                    from = ids.length - maxLength;
                    ids = Arrays.copyOfRange(ids, from, ids.length);
                }
                default -> throw new InvalidInputException("the conversation is " + ids.length
                        + " tokens, over max_length " + maxLength + " (truncation=error)");
            }
        }
        List<Integer> kept = new ArrayList<>();
        int first = -1;
        for (int k = 0; k < n; k++) {
            int pos = ends[k] < 0 ? -1 : ends[k] - from;
            if (pos >= 0 && pos < ids.length) {
                if (first < 0) {
                    first = k;
                }
                kept.add(pos);
            }
        }
        if (kept.isEmpty()) {
            throw new InvalidInputException("truncation (" + options.truncation().specName() + ") cut off the end of "
                    + "every assistant turn; no progress value is left");
        }
        return new Encoded(ids, kept.stream().mapToInt(Integer::intValue).toArray(), n, first);
    }

    /** One outcome per conversation, in order; a conversation's values do not depend on the others. */
    public List<Outcome> score(List<List<Prompt.Message>> conversations, Deadline deadline) {
        int n = conversations.size();
        Outcome[] out = new Outcome[n];
        Encoded[] enc = new Encoded[n];
        List<Integer> valid = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            deadline.check();
            try {
                enc[i] = encode(conversations.get(i));
                valid.add(i);
            } catch (InvalidInputException e) {
                out[i] = Outcome.invalid(e.getMessage());
            } catch (IllegalStateException e) {
                out[i] = Outcome.error(e.getMessage());
            }
        }
        List<Outcome> scored = scoreEncoded(valid.stream().map(i -> enc[i]).toList(), deadline);
        for (int k = 0; k < valid.size(); k++) {
            out[valid.get(k)] = scored.get(k);
        }
        return Arrays.asList(out);
    }

    /** Runs encoded conversations in length-bucketed batches; one outcome per conversation, in order. */
    List<Outcome> scoreEncoded(List<Encoded> enc, Deadline deadline) {
        Outcome[] out = new Outcome[enc.size()];
        int[] lengths = enc.stream().mapToInt(e -> e.ids().length).toArray();
        for (PaddedBatches.Batch batch : PaddedBatches.plan(lengths, options.padMultiple(), options.batchSize(),
                options.maxBatchTokens())) {
            deadline.check();
            List<Integer> rows = batch.rows();
            float[][] values = run(rows.stream().map(i -> enc.get(i).ids()).toList(), batch.len());
            for (int r = 0; r < rows.size(); r++) {
                Encoded e = enc.get(rows.get(r));
                List<Double> turnValues = new ArrayList<>(e.turnEnds().length);
                List<Integer> turnEnds = new ArrayList<>(e.turnEnds().length);
                for (int pos : e.turnEnds()) {
                    turnValues.add((double) values[r][pos]);
                    turnEnds.add(pos);
                }
                out[rows.get(r)] = new Outcome(List.copyOf(turnValues), e.numTurns(), e.firstTurn(), e.ids().length,
                        List.copyOf(turnEnds), null, null);
            }
        }
        return Arrays.asList(out);
    }

    /**
     * The cross-thread micro-batcher of this model for a gather window (one per window, made on first use, closed
     * with the model): each caller renders, locates its turns and tokenises on its own thread; batches run through
     * the same length-bucketed path as {@link #score}, so values are the same as unbatched.
     */
    public MicroBatcher<?, Outcome> batcher(Duration window) {
        return batchers.forWindow(window);
    }

    int bucket(int length) {
        return PaddedBatches.bucket(length, options.padMultiple());
    }

    /** Runs one batch padded to {@code len}; returns each given row's per-token values over its real tokens. */
    float[][] run(List<long[]> given, int len) {
        onnxRuns.incrementAndGet();
        try (PaddedBatches.Feed feed = PaddedBatches.feed(given, len, padId, options.leftPadding(), inputs)) {
            int[] offsets = feed.offsets();
            try (OrtSession.Result result = session.run(feed.tensors(), Set.of(outputName))) {
                OnnxValue v = result.get(0);
                Object value = v.getValue();
                float[][] out = new float[given.size()][];
                for (int r = 0; r < out.length; r++) {
                    int real = given.get(r).length;
                    out[r] = new float[real];
                    for (int t = 0; t < real; t++) {
                        out[r][t] = at(value, r, offsets[r] + t, v);
                    }
                }
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    private float at(Object value, int row, int t, OnnxValue v) {
        if (value instanceof float[][][] m && m[row].length > t && m[row][t].length == 1) {
            return m[row][t][0];
        }
        if (value instanceof float[][] m && m[row].length > t) {
            return m[row][t];
        }
        throw new IllegalStateException("output '" + outputName + "' has an unexpected shape: " + v.getInfo());
    }

    /** ONNX Runtime runs so far (for tests). */
    public long onnxRuns() {
        return onnxRuns.get();
    }

    @Override
    public void close() {
        batchers.close();
        closeQuietly(session);
        tokenizer.close();
    }
}
