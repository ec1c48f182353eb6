package dev.arbiter.math;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** String-level clean-ups done before lexing: separators, degrees, unicode, escaped backslashes. */
final class Normalizer {
    private static final Set<String> KNOWN_MACROS = Set.of("frac", "dfrac", "tfrac", "cfrac", "boxed", "le", "leq",
            "ge", "geq", "lt", "gt", "ne", "neq", "text", "mathrm", "sqrt", "pi", "infty", "left", "right", "cdot",
            "times", "pm", "in", "cup", "cap", "begin", "end", "fbox", "mbox", "approx", "alpha", "beta", "theta",
            "sin", "cos", "tan", "log", "ln", "quad", "qquad", "dots", "ldots", "textbf", "mathbf", "overline", "binom",
            "dbinom", "lfloor", "rfloor", "emptyset", "circ", "div", "leqslant", "geqslant", "setminus");
    private static final Pattern ESCAPED_MACRO = Pattern.compile("(?<!\\\\)\\\\\\\\([a-zA-Z]+)");
    private static final Pattern BRACE_COMMA = Pattern.compile("(\\d)\\s*\\{\\s*,\\s*\\}\\s*(?=\\d{3})");
    private static final Pattern COMMA_BANG = Pattern.compile("(\\d),\\s*\\\\!\\s*(?=\\d{3})");
    private static final Pattern THIN_SPACE = Pattern.compile("(\\d)\\s*\\\\[,;:! ]\\s*(?=\\d{3}(?!\\d))");
    private static final Pattern PLAIN_THOUSANDS = Pattern.compile("(?<![\\d.])([1-9]\\d{0,2})((?:,\\d{3})+)(?![\\d,])");
    private static final Pattern DEGREES = Pattern.compile("\\^\\s*\\{?\\s*\\\\circ\\s*\\}?|\\^\\s*\\{\\s*\\\\circ\\s*\\}|°|\\\\degree");
    private static final Pattern GLUED_OR = Pattern.compile("(?<=[0-9)}])(or|and)(?=[A-Z(\\\\])");
    /** {@code 0,111}, {@code 2,74}, {@code 1000,99}: a leading zero, two decimals (cents), or four or more integer digits. */
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[-+]?(?:0,\\d+|[1-9]\\d*,\\d\\d|[1-9]\\d{3,},\\d+)");
    private static final Pattern SPACE_THOUSANDS = Pattern.compile("[-+]?[1-9]\\d{0,2}(?: \\d{3})+(?:\\.\\d+)?");
    private static final Pattern COMMA_THOUSANDS = Pattern.compile("[-+]?[1-9]\\d{0,2}(?:,\\d{3})+(?:\\.\\d+)?");

    private Normalizer() {
    }

    static String forParsing(String text) {
        String s = text;
        // "\\le" typed for "\le"; inside matrices "\\" is a row break and stays
        if (s.contains("\\\\") && !s.contains("begin{")) {
            s = fixEscapedMacros(s);
        }
        s = unicode(s);
        if (s.indexOf(',') >= 0 || s.indexOf('\\') >= 0) {
            s = BRACE_COMMA.matcher(s).replaceAll("$1");
            s = COMMA_BANG.matcher(s).replaceAll("$1");
            s = THIN_SPACE.matcher(s).replaceAll("$1");
            s = plainThousands(s);
        }
        if (s.indexOf('^') >= 0 || s.indexOf('°') >= 0 || s.contains("\\degree")) {
            s = DEGREES.matcher(s).replaceAll("");
        }
        if (s.contains("or") || s.contains("and")) {
            s = GLUED_OR.matcher(s).replaceAll(" $1 ");
        }
        return s.strip();
    }

    /** {@code \\frac} typed with a doubled backslash (an escaping slip) becomes {@code \frac}. */
    private static String fixEscapedMacros(String s) {
        Matcher m = ESCAPED_MACRO.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement = m.group();
            for (int len = name.length(); len > 0; len--) {
                if (KNOWN_MACROS.contains(name.substring(0, len))) {
                    replacement = "\\" + name;
                    break;
                }
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** {@code 7,425,000} is one number unless it is an interval or tuple end such as {@code (1,000)}. */
    private static String plainThousands(String s) {
        Matcher m = PLAIN_THOUSANDS.matcher(s);
        StringBuilder sb = null;
        int last = 0;
        while (m.find()) {
            int before = m.start() - 1;
            while (before >= 0 && s.charAt(before) == ' ') {
                before--;
            }
            int after = m.end();
            while (after < s.length() && s.charAt(after) == ' ') {
                after++;
            }
            boolean openBefore = before >= 0 && (s.charAt(before) == '(' || s.charAt(before) == '[');
            boolean closeAfter = after < s.length() && (s.charAt(after) == ')' || s.charAt(after) == ']');
            if (openBefore && closeAfter) {
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder();
            }
            sb.append(s, last, m.start()).append(m.group(1)).append(m.group(2).replace(",", ""));
            last = m.end();
        }
        if (sb == null) {
            return s;
        }
        return sb.append(s, last, s.length()).toString();
    }

    private static String unicode(String s) {
        boolean ascii = true;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return s;
        }
        return s.replace('\u2212', '-').replace('\u2013', '-').replace("\u00d7", "\\times ").replace("\u00f7", "\\div ")
                .replace("\u00b7", "\\cdot ").replace("\u22c5", "\\cdot ").replace("\u2264", "\\le ")
                .replace("\u2265", "\\ge ").replace("\u2260", "\\ne ").replace("\u221a", "\\sqrt ")
                .replace("\u03c0", "\\pi ").replace("\u221e", "\\infty ").replace("\u00b1", "\\pm ")
                .replace("\u222a", "\\cup ").replace("\u2229", "\\cap ").replace("\u2208", "\\in ")
                .replace("\u00b2", "^2").replace("\u00b3", "^3").replace('\u00a0', ' ').replace('\u2009', ' ')
                .replace('\u202f', ' ').replace("\u20ac", " ").replace("\u00a3", " ").replace("\u00a5", " ")
                .replace("\u2026", "\\dots ").replace('\u2018', '\'').replace('\u2019', '\'');
    }

    /**
     * A plain-text number with separators in canonical form: {@code 1,000.5} → {@code 1000.5}, {@code 1 000} →
     * {@code 1000}, {@code 2,74} and {@code 0,111} (decimal commas) → {@code 2.74}, {@code 0.111}. Anything else is
     * returned unchanged.
     */
    static String plainNumber(String token) {
        String t = token.strip();
        if (COMMA_THOUSANDS.matcher(t).matches()) {
            return t.replace(",", "");
        }
        if (SPACE_THOUSANDS.matcher(t).matches()) {
            return t.replace(" ", "");
        }
        if (DECIMAL_COMMA.matcher(t).matches()) {
            return t.replace(',', '.');
        }
        return t;
    }
}
