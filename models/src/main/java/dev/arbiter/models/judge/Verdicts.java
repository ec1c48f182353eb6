package dev.arbiter.models.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.models.Judge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading judges' answers. Each reader returns empty when the answer does not say; callers decide what that means. */
public final class Verdicts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern YES = Pattern.compile("(?<![A-Za-z])YES(?![A-Za-z])", Pattern.CASE_INSENSITIVE);
    private static final Pattern NO = Pattern.compile("(?<![A-Za-z])NO(?![A-Za-z])", Pattern.CASE_INSENSITIVE);
    private static final Pattern BRACKET = Pattern.compile("\\[\\[([ABC])]]");
    private static final Pattern CHOICE = Pattern.compile("\"choice\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern SCORE_FIELD = Pattern.compile("\"score\"\\s*:\\s*\"?\\s*(-?\\d+(?:\\.\\d+)?)");
    private static final Pattern FINAL_SCORE = Pattern.compile("(?i)final\\s+score\\s*[:：]?\\s*\\**\\s*(-?\\d+(?:\\.\\d+)?)");

    private Verdicts() {
    }

    /**
     * YES or NO: the answer's first word when it is one of them (markdown and quotes aside), else the only one of the
     * two that occurs as a word; empty when neither or both occur.
     */
    public static Optional<Boolean> yesNo(String text) {
        String t = text.strip().replaceAll("^[*_\"'`\\s]+", "");
        String up = t.toUpperCase(Locale.ROOT);
        if (up.startsWith("YES") && (up.length() == 3 || !Character.isLetter(up.charAt(3)))) {
            return Optional.of(true);
        }
        if (up.startsWith("NO") && (up.length() == 2 || !Character.isLetter(up.charAt(2)))) {
            return Optional.of(false);
        }
        boolean y = YES.matcher(t).find();
        boolean n = NO.matcher(t).find();
        return y == n ? Optional.empty() : Optional.of(y);
    }

    /** The last {@code [[A]]}, {@code [[B]]} or {@code [[C]]} (tie). */
    public static Optional<Character> bracket(String text) {
        Matcher m = BRACKET.matcher(text);
        Character last = null;
        while (m.find()) {
            last = m.group(1).charAt(0);
        }
        return Optional.ofNullable(last);
    }

    /** The first JSON object in the text (fenced or not), or empty. */
    public static Optional<JsonNode> jsonObject(String text) {
        int start = text.indexOf('{');
        int end = text.lastIndexOf('}');
        while (start >= 0 && end > start) {
            try {
                JsonNode n = JSON.readTree(text.substring(start, end + 1));
                if (n != null && n.isObject()) {
                    return Optional.of(n);
                }
            } catch (Exception e) {
                // try a shorter span
            }
            end = text.lastIndexOf('}', end - 1);
        }
        return Optional.empty();
    }

    /** WildBench's {@code choice}: from the JSON object, else from a {@code "choice": "…"} fragment. */
    public static Optional<String> wildbenchChoice(String text) {
        Optional<JsonNode> j = jsonObject(text);
        String c = null;
        if (j.isPresent() && j.get().path("choice").isTextual()) {
            c = j.get().get("choice").asText();
        } else {
            Matcher m = CHOICE.matcher(text);
            if (m.find()) {
                c = m.group(1);
            }
        }
        if (c == null) {
            return Optional.empty();
        }
        c = c.strip().replace(" ", "");
        return List.of("A++", "A+", "A=B", "B+", "B++").contains(c) ? Optional.of(c) : Optional.empty();
    }

    /** WildBench's {@code score} (a number or a numeric string). */
    public static OptionalDouble wildbenchScore(String text) {
        Optional<JsonNode> j = jsonObject(text);
        if (j.isPresent()) {
            JsonNode s = j.get().path("score");
            if (s.isNumber()) {
                return OptionalDouble.of(s.asDouble());
            }
            if (s.isTextual()) {
                try {
                    return OptionalDouble.of(Double.parseDouble(s.asText().strip()));
                } catch (NumberFormatException e) {
                    // fall through to the pattern
                }
            }
        }
        Matcher m = SCORE_FIELD.matcher(text);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }

    /** The number after the last "Final score:". */
    public static OptionalDouble finalScore(String text) {
        Matcher m = FINAL_SCORE.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last == null ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(last));
    }

    /**
     * Which label the text gives: the whole answer when it is a label (trailing punctuation aside), else the last
     * label that occurs as a word. Labels compare case-insensitively.
     */
    public static OptionalInt label(String text, List<String> labels) {
        String t = text.strip().replaceAll("[.!*\\s]+$", "").replaceAll("^[*\\s]+", "");
        for (int i = 0; i < labels.size(); i++) {
            if (t.equalsIgnoreCase(labels.get(i))) {
                return OptionalInt.of(i);
            }
        }
        int best = -1;
        int bestAt = -1;
        for (int i = 0; i < labels.size(); i++) {
            Matcher m = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(labels.get(i)) + "(?![\\p{L}\\p{N}])",
                    Pattern.CASE_INSENSITIVE).matcher(text);
            while (m.find()) {
                if (m.start() > bestAt) {
                    bestAt = m.start();
                    best = i;
                }
            }
        }
        return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }

    /** A probability per label. */
    public record LabelDistribution(double[] probabilities, double mass, int position) {
        public double expected() {
            double e = 0;
            int n = probabilities.length;
            for (int i = 0; i < n; i++) {
                e += probabilities[i] * (n == 1 ? 1.0 : (double) i / (n - 1));
            }
            return e;
        }

        public Map<String, Double> asMap(List<String> labels) {
            Map<String, Double> m = new LinkedHashMap<>();
            for (int i = 0; i < labels.size(); i++) {
                m.put(labels.get(i), probabilities[i]);
            }
            return m;
        }
    }

    /**
     * G-Eval / Q-Bench scoring: at the first generated token that is a label, the probabilities of every label among
     * that position's top alternatives (same label text, case and surrounding spaces aside, summed), renormalised.
     * Empty when no generated token is a label.
     */
    public static Optional<LabelDistribution> labelDistribution(List<Judge.Token> tokens, List<String> labels) {
        for (int pos = 0; pos < tokens.size(); pos++) {
            Judge.Token tok = tokens.get(pos);
            if (indexOf(tok.text(), labels) < 0) {
                continue;
            }
            Map<String, Double> alts = new LinkedHashMap<>(tok.top());
            alts.putIfAbsent(tok.text(), tok.logprob());
            double[] p = new double[labels.size()];
            double mass = 0;
            for (Map.Entry<String, Double> e : alts.entrySet()) {
                int i = indexOf(e.getKey(), labels);
                if (i >= 0 && Double.isFinite(e.getValue())) {
                    double pr = Math.exp(e.getValue());
                    p[i] += pr;
                    mass += pr;
                }
            }
            if (mass <= 0) {
                return Optional.empty();
            }
            for (int i = 0; i < p.length; i++) {
                p[i] /= mass;
            }
            return Optional.of(new LabelDistribution(p, mass, pos));
        }
        return Optional.empty();
    }

    /** P(YES) at the first generated YES/NO token, renormalised over YES and NO; empty when there is none. */
    public static OptionalDouble yesProbability(List<Judge.Token> tokens) {
        return labelDistribution(tokens, List.of("NO", "YES")).map(d -> OptionalDouble.of(d.probabilities()[1]))
                .orElse(OptionalDouble.empty());
    }

    static int indexOf(String token, List<String> labels) {
        String t = token.strip();
        for (int i = 0; i < labels.size(); i++) {
            if (t.equalsIgnoreCase(labels.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
