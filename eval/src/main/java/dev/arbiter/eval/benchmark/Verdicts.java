package dev.arbiter.eval.benchmark;

import dev.arbiter.eval.data.Judgment;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading judge verdicts. A judgment's {@code parsed} is in the frame of its {@code order}: {@code A>B} (or the
 * strong {@code A>>B}, collapsed as JudgeBench does) means the first shown won, a single letter names the picked
 * position, {@code A=B} is a tie, {@code null} is unparseable. When {@code parsed} is absent a benchmark's own raw
 * parser may be applied to {@code raw}.
 */
public final class Verdicts {
    /** Returned by {@link #winner} for a tie. */
    public static final String TIE = "=";

    private static final Pattern BRACKET = Pattern.compile("\\[\\[([A-Z])\\]\\]");

    private Verdicts() {
    }

    /** The normalized pairwise decision {@code A>B}, {@code B>A}, {@code A=B}, or {@code null}. */
    public static String pairwise(String parsed) {
        if (parsed == null) {
            return null;
        }
        String p = parsed.strip().toUpperCase(Locale.ROOT).replace(" ", "");
        return switch (p) {
            case "A>B", "A>>B", "A", "[[A]]", "B<A", "B<<A" -> "A>B";
            case "B>A", "B>>A", "B", "[[B]]", "A<B", "A<<B" -> "B>A";
            case "A=B", "TIE", "[[C]]" -> "A=B";
            default -> null;
        };
    }

    /** Swaps {@code A>B} and {@code B>A}; keeps {@code A=B} and {@code null}. */
    public static String flip(String decision) {
        if (decision == null) {
            return null;
        }
        return switch (decision) {
            case "A>B" -> "B>A";
            case "B>A" -> "A>B";
            default -> decision;
        };
    }

    /**
     * The cid a judgment picked, {@link #TIE} for a tie, or {@code null} when unparseable.
     *
     * @param rawParser applied to {@code raw} when {@code parsed} is absent; returns a parsed string or null
     */
    public static String winner(Judgment j, Function<String, String> rawParser) {
        String parsed = j.parsed();
        if (parsed == null && j.raw() != null && rawParser != null) {
            parsed = rawParser.apply(j.raw());
        }
        if (parsed == null) {
            return null;
        }
        List<String> order = j.order();
        String p = parsed.strip();
        Matcher m = BRACKET.matcher(p);
        if (m.matches()) {
            p = m.group(1);
        }
        if (p.length() == 1 && Character.isUpperCase(p.charAt(0)) && order.size() > 2) {
            int idx = p.charAt(0) - 'A';
            return idx < order.size() ? order.get(idx) : null;
        }
        String d = pairwise(p);
        if (d == null || order.size() < 2) {
            return null;
        }
        return switch (d) {
            case "A>B" -> order.get(0);
            case "B>A" -> order.get(1);
            default -> TIE;
        };
    }

    /** RewardBench's judge format: the last {@code [[A]]} / {@code [[B]]} (or further letters) in the output. */
    public static String bracketLetter(String raw) {
        Matcher m = BRACKET.matcher(raw);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last;
    }
}
