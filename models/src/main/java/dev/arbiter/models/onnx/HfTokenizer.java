package dev.arbiter.models.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A Hugging Face {@code tokenizer.json}, loaded from a local file by DJL's binding of the Rust tokenizers library;
 * nothing is downloaded. Special tokens are never added by the tokenizer (the chat template writes them, so BOS is not
 * doubled), and nothing is truncated or padded here: {@link OnnxRewardModel} applies its own policy. DJL extracts its
 * native library to {@code $DJL_CACHE_DIR} (default {@code ~/.djl.ai}) on first use. Thread-safe.
 */
public final class HfTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;

    private HfTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    public static HfTokenizer load(Path tokenizerJson) throws IOException {
        return new HfTokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of(
                "addSpecialTokens", "false",
                "truncation", "false",
                "padding", "false",
                "maxLength", "1000000",
                "modelMaxLength", "1000000")));
    }

    /** The token ids of {@code text}, without added special tokens. */
    public long[] encode(String text) {
        Encoding e = tokenizer.encode(text, false, false);
        return e.getIds();
    }

    /**
     * The token ids of {@code text} with each token's start offset, in Unicode code points from the start of the text
     * (the Rust library's char offsets; -1 when a token has none). Without added special tokens.
     */
    public Spans encodeWithSpans(String text) {
        Encoding e = tokenizer.encode(text, false, false);
        ai.djl.huggingface.tokenizers.jni.CharSpan[] spans = e.getCharTokenSpans();
        long[] ids = e.getIds();
        int[] starts = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            starts[i] = spans != null && i < spans.length && spans[i] != null ? spans[i].getStart() : -1;
        }
        return new Spans(ids, starts);
    }

    /** Token ids and their start offsets in code points ({@link #encodeWithSpans}). */
    public record Spans(long[] ids, int[] starts) {
    }

    /** The id of a token that the tokenizer reads as exactly one token (a special or vocabulary token). */
    public OptionalLong idOf(String token) {
        if (token == null || token.isEmpty()) {
            return OptionalLong.empty();
        }
        long[] ids = tokenizer.encode(token, false, false).getIds();
        return ids.length == 1 ? OptionalLong.of(ids[0]) : OptionalLong.empty();
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
