package dev.arbiter.math;

import dev.arbiter.core.Deadline;
import dev.arbiter.math.ExtractionConfig.Strategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds candidate answers in free text per an {@link ExtractionConfig}. Only the last {@link #MAX_SCAN}
 * characters of a long text are searched: final answers sit at the end, and this bounds the work.
 */
final class AnswerExtractor {
    static final int MAX_SCAN = 100_000;
    private static final int MAX_WHOLE = 300;
    private static final int MAX_JOINED = 6;

    private static final Pattern CALCULATOR = Pattern.compile("<<[^<>\\n]{0,200}>>");
    private static final Pattern BOX = Pattern.compile("\\\\+(boxed|fbox)\\b");
    private static final Pattern FINAL_ANSWER_TAIL = Pattern.compile("\\s+answer");
    private static final Pattern ANSWER_TAIL = Pattern.compile("\\s*(?:is|:|=|should be|would be)\\s*:?");
    private static final Pattern GSM8K = Pattern.compile("####\\s*");
    private static final Pattern OPTION = Pattern.compile(
            "(?:[Oo]ption|[Cc]hoice|[Aa]nswer)\\s*(?:is|:)?\\s*:?\\s*\\*{0,2}\\(?([A-Z])\\)?(?![A-Za-z])");
    private static final Pattern NUMBER = Pattern.compile(
            "(?<![A-Za-z0-9_.,\\\\])[-\u2212]?(?:\\d+\\s\\d+/\\d+(?![\\d/])|\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|(?:0,\\d+|[1-9]\\d*,\\d\\d|[1-9]\\d{3,},\\d+)(?![\\d,])|\\d+(?:\\.\\d+)?(?:/\\d+(?:\\.\\d+)?)?|\\.\\d+)(?![\\d])");
    private static final Pattern TIED = Pattern.compile(
            "(?i)(?:\\bis|\\bare|=|:|\\banswer|\\btotal|\\bresult|\\bequals|\\bget|\\bgives|\\bwas|\\bbe)\\s*[$*\\\\(]*\\s*$");
    private static final Pattern TIED_AFTER = Pattern.compile(
            "(?i)^\\s*(?:[a-z]+\\s+){0,2}(?:remain|remaining|left|in total|altogether|total)\\b");
    private static final Pattern CONTEXT_BEFORE = Pattern.compile("(?i)(?:out of|\\bof|\\bfrom|\\bthan|\\bper|\\bby)\\s*[$]*\\s*$");
    private static final Pattern MIXED = Pattern.compile("(-?\\d+)\\s(\\d+)/(\\d+)");
    private static final Pattern CONNECTOR_ONLY = Pattern.compile(
            "(?i)\\s*(?:,|;|and|or|\\\\text\\{\\s*(?:and|or|,)\\s*\\}|\\\\quad|\\\\qquad|\\\\,|\\\\ |\\s)*\\s*");
    private static final Pattern CORRECTION = Pattern.compile(
            "(?i)[;.?!]\\s|\\b(?:but|not|wrong|actually|instead|incorrect|mistake|wait|however|rather|no)\\b");
    private static final Pattern GAP_CONNECTOR = Pattern.compile("(?i)(?:\\band\\b|\\bor\\b|,|;)");
    private static final Pattern TRAILING_DOT_DOLLAR = Pattern.compile("[.$\\s]+$");
    private static final Pattern LEADING_IS = Pattern.compile("^[\\s:*#]*(?:(?i)is\\b\\s*:?)?[\\s*]*");
    private static final Pattern TRAILING_PUNCT = Pattern.compile("[\\s.,;!*\"']+$");
    private static final Pattern LEADING_QUOTES = Pattern.compile("^[\"'*]+");
    private static final Pattern TRAILING_DOT = Pattern.compile("[.\\s]+$");
    private static final Pattern PLAIN_NUMBER = Pattern.compile("[-+]?\\d[\\d, ]*(?:\\.\\d+)?");
    private static final Pattern TEXT_GROUP = Pattern.compile(
            "\\\\(?:text|textbf|mbox|mathrm|textnormal|operatorname)\\s*\\{[^{}]*\\}");
    private static final Pattern MACRO = Pattern.compile("\\\\(?:begin|end)\\s*\\{[^{}]*\\}(?:\\{[^{}]*\\})?|\\\\[A-Za-z]+");
    private static final Set<String> KNOWN_WORDS = Set.of("and", "or", "pi", "infinity", "inf", "sqrt", "percent",
            "pct", "percentage", "frac", "cdot", "times");

    private AnswerExtractor() {
    }

    /** A located answer: where it starts, and the texts to try parsing, best first. */
    private record Match(int position, Strategy strategy, List<String> options) {
    }

    /** The answers in {@code text}: the first that parses, or else the first raw match as text; maybe none. */
    static List<Candidate> extract(String text, ExtractionConfig config, Deadline deadline) {
        String t = text.length() > MAX_SCAN ? text.substring(text.length() - MAX_SCAN) : text;
        if (t.contains("<<")) {
            t = CALCULATOR.matcher(guard(t, deadline)).replaceAll("");
        }
        Candidate fallback = null;
        for (Set<Strategy> group : config.groups()) {
            List<Match> matches = new ArrayList<>();
            for (Strategy s : Strategy.values()) {
                if (group.contains(s)) {
                    matches.addAll(find(s, t, deadline));
                }
            }
            matches.sort(Comparator.comparingInt(Match::position).reversed());
            for (Match m : matches) {
                for (String option : m.options()) {
                    deadline.check();
                    if (option == null || option.isBlank()) {
                        continue;
                    }
                    try {
                        MathExpr e = LatexParser.parse(option, deadline);
                        return List.of(new Candidate(option.strip(), e, m.strategy().specName(), true));
                    } catch (ParseFailure | StackOverflowError | BigRational.TooLargeException | ArithmeticException e) {
                        if (m.strategy() == Strategy.WHOLE) {
                            // a short text that reads as mathematics is the answer even when it does not parse
                            return List.of(fallback == null ? rawText(option, "whole") : fallback);
                        }
                        if (fallback == null) {
                            fallback = rawText(option, m.strategy().specName());
                        }
                    }
                }
            }
        }
        if (fallback == null && t.strip().length() <= 100 && !t.isBlank()) {
            fallback = rawText(t, "whole");
        }
        return fallback == null ? List.of() : List.of(fallback);
    }

    private static Candidate rawText(String s, String strategy) {
        String clean = s.strip();
        if (clean.startsWith("\\text{") && clean.endsWith("}")) {
            clean = clean.substring(6, clean.length() - 1);
        }
        return new Candidate(s.strip(), new MathExpr.Text(clean), strategy, false);
    }

    private static List<Match> find(Strategy s, String t, Deadline d) {
        // cheap substring tests spare the regular expressions on most texts
        boolean skip = switch (s) {
            case BOXED -> t.indexOf("boxed") < 0 && t.indexOf("fbox") < 0;
            case FINAL_ANSWER -> t.indexOf("nswer") < 0 && t.indexOf("NSWER") < 0;
            case ANSWER -> t.indexOf("nswer") < 0 && t.indexOf("NSWER") < 0 && t.indexOf("A:") < 0 && t.indexOf("A :") < 0;
            case GSM8K -> t.indexOf("####") < 0;
            case OPTION -> t.indexOf("ption") < 0 && t.indexOf("hoice") < 0 && t.indexOf("nswer") < 0;
            default -> false;
        };
        if (skip) {
            return List.of();
        }
        return switch (s) {
            case BOXED -> boxed(t, d);
            case FINAL_ANSWER -> anchored(Strategy.FINAL_ANSWER, t, d);
            case ANSWER -> anchored(Strategy.ANSWER, t, d);
            case GSM8K -> gsm8k(t, d);
            case OPTION -> option(t, d);
            case LAST_MATH -> lastMath(t, d);
            case LAST_NUMBER -> lastNumber(t, d);
            case WHOLE -> whole(t);
            case LETTER -> letter(t, d);
        };
    }

    // ---- boxed --------------------------------------------------------------------------------------------

    private record Box(int start, int end, String content) {
    }

    private static List<Match> boxed(String t, Deadline d) {
        List<Box> boxes = new ArrayList<>();
        Matcher m = BOX.matcher(guard(t, d));
        int from = 0;
        while (from < t.length() && m.find(from)) {
            int i = m.end();
            while (i < t.length() && t.charAt(i) == ' ') {
                i++;
            }
            if (i < t.length() && t.charAt(i) == '{') {
                int end = Lexer.matchBrace(t, i);
                if (end < 0) {
                    // an unclosed box: take the rest of the line, as written
                    int eol = t.indexOf('\n', i);
                    int stop = Math.min(eol < 0 ? t.length() : eol, i + 1 + 500);
                    String rest = t.substring(i + 1, stop).strip();
                    rest = TRAILING_DOT_DOLLAR.matcher(rest).replaceAll("");
                    boxes.add(new Box(m.start(), stop, rest));
                    from = stop;
                } else {
                    boxes.add(new Box(m.start(), end + 1, t.substring(i + 1, end)));
                    from = end + 1;
                }
            } else {
                int j = i;
                while (j < t.length() && !Character.isWhitespace(t.charAt(j)) && t.charAt(j) != '$') {
                    j++;
                }
                if (j > i) {
                    boxes.add(new Box(m.start(), j, t.substring(i, j)));
                }
                from = Math.max(j, m.end());
            }
        }
        List<Match> out = new ArrayList<>();
        int k = boxes.size() - 1;
        while (k >= 0) {
            d.check();
            int first = k;
            while (first > 0 && k - first + 1 < MAX_JOINED && joinable(t.substring(boxes.get(first - 1).end(), boxes.get(first).start()))) {
                first--;
            }
            StringBuilder sb = new StringBuilder();
            for (int b = first; b <= k; b++) {
                if (b > first) {
                    sb.append(", ");
                }
                sb.append(boxes.get(b).content());
            }
            List<String> options = new ArrayList<>();
            options.add(sb.toString());
            if (first < k) {
                options.add(boxes.get(k).content());
            }
            out.add(new Match(boxes.get(first).start(), Strategy.BOXED, options));
            k = first - 1;
        }
        return out;
    }

    /** Boxes close together, or separated by "and"/commas, are one answer: {@code \boxed{1}, \boxed{2}}. */
    private static boolean joinable(String gap) {
        if (CORRECTION.matcher(gap).find()) {
            return false;
        }
        if (gap.length() <= 10) {
            return true;
        }
        return gap.length() <= 70 && GAP_CONNECTOR.matcher(gap).find();
    }

    // ---- anchored phrases -----------------------------------------------------------------------------------

    /**
     * "final answer" / "answer is|:|=" anchors, found with {@code indexOf} on a lower-cased copy and confirmed by a
     * small regular expression at each hit; far cheaper than scanning the whole text with a case-insensitive pattern.
     */
    private static List<Match> anchored(Strategy s, String t, Deadline d) {
        List<Integer> ends = new ArrayList<>();
        String lower = t.toLowerCase(Locale.ROOT);
        boolean finalAnswer = s == Strategy.FINAL_ANSWER;
        Matcher tail = (finalAnswer ? FINAL_ANSWER_TAIL : ANSWER_TAIL).matcher(lower);
        String word = finalAnswer ? "final" : "answer";
        for (int i = lower.indexOf(word); i >= 0; i = lower.indexOf(word, i + 1)) {
            d.check();
            if (i > 0 && Character.isLetterOrDigit(lower.charAt(i - 1))) {
                continue;
            }
            tail.region(i + word.length(), Math.min(lower.length(), i + word.length() + 40));
            if (tail.lookingAt()) {
                ends.add(tail.end());
            }
        }
        if (!finalAnswer) {
            for (int i = t.indexOf('A'); i >= 0; i = t.indexOf('A', i + 1)) {
                int j = i - 1;
                while (j >= 0 && (t.charAt(j) == ' ' || t.charAt(j) == '\t')) {
                    j--;
                }
                if (j >= 0 && t.charAt(j) != '\n') {
                    continue;
                }
                int k = i + 1;
                while (k < t.length() && t.charAt(k) == ' ') {
                    k++;
                }
                if (k < t.length() && t.charAt(k) == ':') {
                    ends.add(k + 1);
                }
            }
        }
        List<Match> out = new ArrayList<>();
        for (int end : ends) {
            String sentence = sentenceAfter(t, end);
            if (!sentence.isEmpty()) {
                out.add(new Match(end, s, answerOptions(sentence, true, d)));
            }
        }
        return out;
    }

    /** The text after an anchor up to "I hope", a blank line or the end of the sentence, trimmed of punctuation. */
    static String sentenceAfter(String t, int start) {
        int limit = Math.min(t.length(), start + 400);
        String rest = t.substring(start, limit);
        rest = LEADING_IS.matcher(rest).replaceFirst("");
        int cut = rest.length();
        int hope = indexOfIgnoreCase(rest, "i hope");
        if (hope >= 0) {
            cut = hope;
        }
        int blank = rest.indexOf("\n\n");
        if (blank >= 0 && blank < cut) {
            cut = blank;
        }
        int nl = rest.indexOf('\n');
        if (nl > 0 && nl < cut && !rest.substring(0, nl).isBlank() && !insideDisplayMath(rest, nl)) {
            cut = nl;
        }
        String s = rest.substring(0, cut);
        int stop = sentenceStop(s);
        if (stop >= 0) {
            s = s.substring(0, stop);
        }
        return LEADING_QUOTES.matcher(TRAILING_PUNCT.matcher(s.strip()).replaceAll("")).replaceAll("").strip();
    }

    private static boolean insideDisplayMath(String s, int pos) {
        int open = s.lastIndexOf("\\[", pos);
        return open >= 0 && s.indexOf("\\]", open) > pos || count(s.substring(0, pos), "$$") % 2 == 1;
    }

    /** The end of the first sentence: a period followed by a space and a capital letter, outside math. */
    private static int sentenceStop(String s) {
        boolean inMath = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '$' && (i == 0 || s.charAt(i - 1) != '\\')) {
                inMath = !inMath;
            } else if (!inMath && c == '.' && i + 2 < s.length() && s.charAt(i + 1) == ' '
                    && Character.isUpperCase(s.charAt(i + 2))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * What to try from an anchored sentence: its math (neighbouring environments joined), the sentence itself when
     * it reads as mathematics, the part after its last " is ", and its last number.
     */
    private static List<String> answerOptions(String sentence, boolean useIs, Deadline d) {
        List<String> options = new ArrayList<>();
        String s = sentence;
        if (useIs) {
            int is = lastIsOutsideMath(s);
            if (is >= 0) {
                s = s.substring(is + 4).strip();
            }
        }
        List<Env> envs = mathEnvs(s, d);
        if (!envs.isEmpty()) {
            options.add(joinedEnvs(s, envs, envs.size() - 1));
        }
        if (looksLikeMath(s)) {
            options.add(plainWhole(s));
        }
        String number = lastNumberIn(s, d);
        if (number != null) {
            options.add(number);
        }
        return options;
    }

    private static int lastIsOutsideMath(String s) {
        int best = -1;
        boolean inMath = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '$' && (i == 0 || s.charAt(i - 1) != '\\')) {
                inMath = !inMath;
            } else if (!inMath && s.startsWith(" is ", i)) {
                best = i;
            }
        }
        return best;
    }

    // ---- gsm8k, options -------------------------------------------------------------------------------------

    private static List<Match> gsm8k(String t, Deadline d) {
        List<Match> out = new ArrayList<>();
        Matcher m = GSM8K.matcher(guard(t, d));
        while (m.find()) {
            int eol = t.indexOf('\n', m.end());
            String line = t.substring(m.end(), eol < 0 ? Math.min(t.length(), m.end() + 200) : eol).strip();
            line = TRAILING_DOT.matcher(line).replaceAll("");
            List<String> options = new ArrayList<>();
            options.add(plainWhole(line.replace("$", "")));
            String n = lastNumberIn(line, d);
            if (n != null) {
                options.add(n);
            }
            out.add(new Match(m.end(), Strategy.GSM8K, options));
        }
        return out;
    }

    private static List<Match> option(String t, Deadline d) {
        List<Match> out = new ArrayList<>();
        Matcher m = OPTION.matcher(guard(t, d));
        while (m.find()) {
            out.add(new Match(m.start(1), Strategy.OPTION, List.of(m.group(1))));
        }
        return out;
    }

    private static final Pattern LEADING_LETTER = Pattern.compile("^\\s*\\(?([A-J])[).:]");
    private static final Pattern LONE_LETTER = Pattern.compile("(?<![A-Za-z])([A-J])(?![A-Za-z])");

    private static List<Match> letter(String t, Deadline d) {
        Matcher lead = LEADING_LETTER.matcher(t);
        if (lead.find()) {
            return List.of(new Match(Integer.MAX_VALUE, Strategy.LETTER, List.of(lead.group(1))));
        }
        Matcher m = LONE_LETTER.matcher(guard(t, d));
        String last = null;
        int pos = -1;
        while (m.find()) {
            last = m.group(1);
            pos = m.start();
        }
        return last == null ? List.of() : List.of(new Match(pos, Strategy.LETTER, List.of(last)));
    }

    // ---- math environments ----------------------------------------------------------------------------------

    record Env(int start, int end, String content) {
    }

    /** {@code $…$} (one line), {@code $$…$$}, {@code \[…\]}, {@code \(…\)} (one line), in order. */
    static List<Env> mathEnvs(String t, Deadline d) {
        List<Env> out = new ArrayList<>();
        int i = 0;
        int n = t.length();
        while (i < n) {
            if ((i & 0x3FF) == 0) {
                d.check();
            }
            char c = t.charAt(i);
            if (c == '\\' && i + 1 < n) {
                char e = t.charAt(i + 1);
                if (e == '[' || e == '(') {
                    String close = e == '[' ? "\\]" : "\\)";
                    int end = t.indexOf(close, i + 2);
                    if (end >= 0 && (e == '[' || t.indexOf('\n', i + 2) < 0 || t.indexOf('\n', i + 2) > end)) {
                        out.add(new Env(i, end + 2, t.substring(i + 2, end)));
                        i = end + 2;
                        continue;
                    }
                }
                i += 2;
                continue;
            }
            if (c == '$') {
                if (i + 1 < n && t.charAt(i + 1) == '$') {
                    int end = t.indexOf("$$", i + 2);
                    if (end >= 0) {
                        out.add(new Env(i, end + 2, t.substring(i + 2, end)));
                        i = end + 2;
                        continue;
                    }
                    i += 2;
                    continue;
                }
                int end = i + 1;
                while (end < n && t.charAt(end) != '\n' && !(t.charAt(end) == '$' && t.charAt(end - 1) != '\\')) {
                    end++;
                }
                if (end < n && t.charAt(end) == '$') {
                    out.add(new Env(i, end + 1, t.substring(i + 1, end)));
                    i = end + 1;
                    continue;
                }
                i = end;
                continue;
            }
            i++;
        }
        return out;
    }

    /** The environment {@code last} and up to five neighbours before it that are separated only by "and"/commas. */
    private static String joinedEnvs(String t, List<Env> envs, int last) {
        int first = last;
        while (first > 0 && last - first + 1 < MAX_JOINED) {
            String gap = t.substring(envs.get(first - 1).end(), envs.get(first).start());
            if (!CONNECTOR_ONLY.matcher(gap).matches()) {
                break;
            }
            first--;
        }
        if (first == last) {
            return envs.get(last).content();
        }
        StringBuilder sb = new StringBuilder();
        for (int k = first; k <= last; k++) {
            if (k > first) {
                sb.append(", ");
            }
            sb.append(envs.get(k).content());
        }
        return sb.toString();
    }

    private static List<Match> lastMath(String t, Deadline d) {
        List<Env> envs = mathEnvs(t, d);
        List<Match> out = new ArrayList<>();
        int k = envs.size() - 1;
        int tried = 0;
        while (k >= 0 && tried < 20) {
            String joined = joinedEnvs(t, envs, k);
            List<String> options = new ArrayList<>();
            options.add(joined);
            if (!joined.equals(envs.get(k).content())) {
                options.add(envs.get(k).content());
            }
            out.add(new Match(envs.get(k).start(), Strategy.LAST_MATH, options));
            k--;
            tried++;
        }
        return out;
    }

    // ---- numbers --------------------------------------------------------------------------------------------

    private static List<Match> lastNumber(String t, Deadline d) {
        String masked = maskMath(t, d);
        int windowStart = Math.max(0, masked.length() - 300);
        Matcher m = NUMBER.matcher(guard(masked, d));
        int lastStart = -1;
        String last = null;
        int tiedStart = -1;
        String tied = null;
        int plainStart = -1;
        String plain = null;
        while (m.find()) {
            lastStart = m.start();
            last = m.group();
            if (m.start() >= windowStart) {
                String before = masked.substring(Math.max(0, m.start() - 16), m.start());
                String after = masked.substring(m.end(), Math.min(masked.length(), m.end() + 24));
                if (TIED.matcher(before).find() || TIED_AFTER.matcher(after).find()) {
                    tiedStart = m.start();
                    tied = m.group();
                }
                if (!CONTEXT_BEFORE.matcher(before).find()) {
                    plainStart = m.start();
                    plain = m.group();
                }
            }
        }
        if (last == null) {
            return List.of();
        }
        // "7 apples remain, out of 20": an answer-like number beats a context number ("out of 20") that comes last
        String chosen = tied != null ? tied : plain != null ? plain : last;
        List<String> options = new ArrayList<>();
        options.add(numberText(chosen));
        if (!chosen.equals(last)) {
            options.add(numberText(last));
        }
        return List.of(new Match(lastStart, Strategy.LAST_NUMBER, options));
    }

    private static String lastNumberIn(String s, Deadline d) {
        Matcher m = NUMBER.matcher(guard(s, d));
        String last = null;
        while (m.find()) {
            last = m.group();
        }
        return last == null ? null : numberText(last);
    }

    private static String numberText(String raw) {
        String s = raw.replace('\u2212', '-');
        Matcher mixed = MIXED.matcher(s);
        if (mixed.matches()) {
            return mixed.group(1) + "\\frac{" + mixed.group(2) + "}{" + mixed.group(3) + "}";
        }
        return Normalizer.plainNumber(s);
    }

    private static String maskMath(String t, Deadline d) {
        List<Env> envs = mathEnvs(t, d);
        if (envs.isEmpty()) {
            return t;
        }
        char[] c = t.toCharArray();
        for (Env e : envs) {
            for (int i = e.start(); i < e.end(); i++) {
                c[i] = ' ';
            }
        }
        return new String(c);
    }

    // ---- whole --------------------------------------------------------------------------------------------

    private static List<Match> whole(String t) {
        String s = t.strip();
        if (s.isEmpty() || s.length() > MAX_WHOLE || !looksLikeMath(s)) {
            return List.of();
        }
        return List.of(new Match(-1, Strategy.WHOLE, List.of(plainWhole(s))));
    }

    /** A whole text that is one plain number gets its separators normalized: {@code $1,000.99} → {@code 1000.99}. */
    private static String plainWhole(String s) {
        String bare = s.strip();
        String noCurrency = bare.replace("\\$", "").replace("$", "").replace("\u20ac", "").strip();
        if (PLAIN_NUMBER.matcher(noCurrency).matches()) {
            String normalized = numberText(noCurrency);
            boolean decimalComma = normalized.indexOf('.') >= 0 && noCurrency.indexOf('.') < 0;
            // in LaTeX "$-2,1$" is a list; only plain text gets decimal commas
            if (decimalComma && (bare.contains("$") || bare.contains("\\"))) {
                return bare;
            }
            return normalized;
        }
        Matcher mixed = MIXED.matcher(noCurrency);
        if (mixed.matches()) {
            return numberText(noCurrency);
        }
        return bare;
    }

    /**
     * Whether a short text reads as mathematics rather than prose: outside {@code \text{}} and macros, every word of
     * three or more letters is a known one (function, unit, connective), and at most one unknown two-letter word.
     */
    static boolean looksLikeMath(String s) {
        if (s.length() > MAX_WHOLE) {
            return false;
        }
        String stripped = MACRO.matcher(TEXT_GROUP.matcher(Normalizer.forParsing(s)).replaceAll(" ")).replaceAll(" ");
        int unknownShort = 0;
        int i = 0;
        while (i < stripped.length()) {
            if (Character.isLetter(stripped.charAt(i))) {
                int j = i;
                while (j < stripped.length() && Character.isLetter(stripped.charAt(j))) {
                    j++;
                }
                String w = stripped.substring(i, j);
                String lower = w.toLowerCase(Locale.ROOT);
                boolean known = KNOWN_WORDS.contains(lower) || LatexParser.FUNCTIONS.contains(lower)
                        || LatexParser.UNITS.contains(w);
                if (!known && w.length() >= 3) {
                    return false;
                }
                if (!known && w.length() == 2 && ++unknownShort > 1) {
                    return false;
                }
                i = j;
            } else {
                i++;
            }
        }
        return true;
    }

    /** Regular expressions over long texts read through the deadline; short ones are not worth the indirection. */
    private static CharSequence guard(String s, Deadline d) {
        return s.length() > 20_000 ? d.guard(s) : s;
    }

    private static int indexOfIgnoreCase(String s, String needle) {
        return s.toLowerCase(Locale.ROOT).indexOf(needle);
    }

    private static int count(String s, String needle) {
        int c = 0;
        int i = s.indexOf(needle);
        while (i >= 0) {
            c++;
            i = s.indexOf(needle, i + needle.length());
        }
        return c;
    }
}
