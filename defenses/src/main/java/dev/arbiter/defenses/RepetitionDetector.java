package dev.arbiter.defenses;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code repetition_detector} (catalog D4): flags looping responses. Rules, in order:
 * <ol>
 *   <li>{@code window_repeats} (RLPR's {@code detect_repetition_with_hash}): words are split on whitespace and then on
 *       {@code _}; if there are more than {@code window} words and any {@code window}-word sequence occurs at least
 *       {@code max_window_repeats} times, it fires (0 disables);</li>
 *   <li>{@code ngram_ratio} (VLM-R1's repetition reward): over lower-cased whitespace words, the share of repeated
 *       {@code ngram}-grams {@code 1 − unique/total} exceeds {@code max_ngram_ratio} (fewer than {@code ngram} words:
 *       0; 1 disables);</li>
 *   <li>{@code char_repeats} (off unless {@code char_window} &gt; 0): a {@code char_window}-character sequence occurs at
 *       least {@code max_window_repeats} times (for text without spaces, such as Chinese).</li>
 * </ol>
 * The evidence is the repeated sequence (abbreviated) and its count. Sequences are counted by 64-bit hashes of
 * word ids, so a false match needs a hash collision. Score 1 = clean, 0 = detected.
 */
public final class RepetitionDetector extends Detection {
    private final int window;
    private final int maxWindowRepeats;
    private final int ngram;
    private final double maxNgramRatio;
    private final int charWindow;

    RepetitionDetector(int window, int maxWindowRepeats, int ngram, double maxNgramRatio, int charWindow,
                       RewardSignature signature) {
        super(signature);
        this.window = window;
        this.maxWindowRepeats = maxWindowRepeats;
        this.ngram = ngram;
        this.maxNgramRatio = maxNgramRatio;
        this.charWindow = charWindow;
    }

    @Override
    Finding detect(Sample sample, String response, Deadline deadline) {
        List<String> words = Text.words(response, deadline);
        if (maxWindowRepeats > 0) {
            List<String> pieces = new ArrayList<>(words.size());
            for (String w : words) {
                for (String piece : w.split("_", -1)) {
                    pieces.add(piece);
                }
            }
            if (pieces.size() > window) {
                Top top = mostFrequent(ids(pieces, deadline), window, deadline);
                if (top.count >= maxWindowRepeats) {
                    String seq = String.join(" ", pieces.subList(top.first, top.first + window));
                    return Finding.of("window_repeats", "a " + window + "-word sequence occurs " + top.count + " times",
                            "sequence", Text.abbreviate(seq, 160), "count", top.count, "window", window);
                }
            }
        }
        if (maxNgramRatio < 1 && words.size() >= ngram) {
            List<String> lower = new ArrayList<>(words.size());
            for (String w : words) {
                lower.add(w.toLowerCase(Locale.ROOT));
            }
            int[] ids = ids(lower, deadline);
            Top top = mostFrequent(ids, ngram, deadline);
            int total = ids.length - ngram + 1;
            double ratio = 1.0 - (double) top.distinct / total;
            if (ratio > maxNgramRatio) {
                String seq = String.join(" ", lower.subList(top.first, top.first + ngram));
                return Finding.of("ngram_ratio", String.format(Locale.ROOT, "%.3f of the %d-grams are repeats (limit %s)",
                                ratio, ngram, maxNgramRatio), "ratio", ratio, "sequence", Text.abbreviate(seq, 160),
                        "count", top.count, "ngram", ngram);
            }
        }
        if (charWindow > 0 && maxWindowRepeats > 0 && response.length() > charWindow) {
            int[] chars = new int[response.length()];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = response.charAt(i);
            }
            Top top = mostFrequent(chars, charWindow, deadline);
            if (top.count >= maxWindowRepeats) {
                return Finding.of("char_repeats", "a " + charWindow + "-character sequence occurs " + top.count + " times",
                        "sequence", Text.abbreviate(response.substring(top.first, top.first + charWindow), 160),
                        "count", top.count, "window", charWindow);
            }
        }
        return null;
    }

    private static int[] ids(List<String> words, Deadline deadline) {
        Map<String, Integer> dict = new HashMap<>();
        int[] out = new int[words.size()];
        for (int i = 0; i < out.length; i++) {
            if ((i & 0xFFFF) == 0) {
                deadline.check();
            }
            Integer id = dict.get(words.get(i));
            if (id == null) {
                id = dict.size() + 1;
                dict.put(words.get(i), id);
            }
            out[i] = id;
        }
        return out;
    }

    /** The most frequent n-gram of ids (ties → the earliest first occurrence), its count and the number of distinct n-grams. */
    record Top(int first, int count, int distinct) {
    }

    static Top mostFrequent(int[] ids, int n, Deadline deadline) {
        int total = ids.length - n + 1;
        if (total <= 0) {
            return new Top(0, 0, 0);
        }
        final long base = 0x9E3779B97F4A7C15L | 1;
        long pow = 1;
        for (int i = 1; i < n; i++) {
            pow *= base;
        }
        long h = 0;
        for (int i = 0; i < n; i++) {
            h = h * base + mixId(ids[i]);
        }
        Map<Long, int[]> counts = new HashMap<>(Math.min(total, 1 << 20) * 2);
        int bestFirst = 0;
        int bestCount = 0;
        for (int i = 0; i < total; i++) {
            if ((i & 0xFFFF) == 0) {
                deadline.check();
            }
            if (i > 0) {
                h = (h - mixId(ids[i - 1]) * pow) * base + mixId(ids[i + n - 1]);
            }
            int[] c = counts.get(h);
            if (c == null) {
                c = new int[] {0, i};
                counts.put(h, c);
            }
            c[0]++;
            if (c[0] > bestCount || c[0] == bestCount && c[1] < bestFirst) {
                bestCount = c[0];
                bestFirst = c[1];
            }
        }
        return new Top(bestFirst, bestCount, counts.size());
    }

    private static long mixId(int id) {
        long z = id * 0xBF58476D1CE4E5B9L;
        return z ^ (z >>> 31);
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "repetition_detector"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "defenses"; }
        @Override public String source() {
            return "Repetition defenses recap (catalog D4): RLPR detect_repetition_with_hash; VLM-R1 repetition reward (6-grams)";
        }
        @Override public String description() {
            return "1 = clean, 0 = a 10-word window repeats ≥ 10 times or most 6-grams are repeats.";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("window", ParamKind.INT, 10, "RLPR window size in words"),
                    Param.optional("max_window_repeats", ParamKind.INT, 10, "a window occurring this often fires (RLPR config default; 0 disables)"),
                    Param.optional("ngram", ParamKind.INT, 6, "VLM-R1 n-gram size"),
                    Param.optional("max_ngram_ratio", ParamKind.DOUBLE, 0.5, "fires when 1 − unique/total n-grams exceeds this (1 disables)"),
                    Param.optional("char_window", ParamKind.INT, 0, "character window for unspaced text (0 = off)"));
        }
        @Override
        public Reward create(Params p) {
            if (p.integer("window") < 1 || p.integer("ngram") < 1) {
                throw p.error("window", "window and ngram must be at least 1");
            }
            if (p.number("max_ngram_ratio") < 0 || p.number("max_ngram_ratio") > 1) {
                throw p.error("max_ngram_ratio", "max_ngram_ratio must lie in [0, 1]");
            }
            return new RepetitionDetector(p.integer("window"), p.integer("max_window_repeats"), p.integer("ngram"),
                    p.number("max_ngram_ratio"), p.integer("char_window"), p.signature(version()));
        }
    }
}
