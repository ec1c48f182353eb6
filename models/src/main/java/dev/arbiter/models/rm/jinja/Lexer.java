package dev.arbiter.models.rm.jinja;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Splits a template into tokens as jinja2's lexer does with {@code trim_blocks=True, lstrip_blocks=True} (Hugging
 * Face's settings): line endings normalised to {@code \n}, one trailing newline dropped, {@code {%-}/{@code -%}}
 * whitespace control, the newline after a block or comment tag removed, and spaces and tabs before a block or comment
 * tag that starts a line removed ({@code {%+} keeps them). Expression tokens follow Python's literal syntax; an end
 * delimiter only counts when brackets are balanced, so {@code {{ {'a': {}} }}} works.
 */
final class Lexer {
    private static final String[] OPERATORS = {"//", "**", "==", "!=", ">=", "<=", "+", "-", "/", "*", "%", "~", "[",
        "]", "(", ")", "{", "}", "<", ">", "=", ".", ":", "|", ",", ";"};

    private final String src;
    private final int[] lineStarts;
    private final List<Token> out = new ArrayList<>();
    private int pos;

    private Lexer(String src) {
        this.src = src;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < src.length(); i++) {
            if (src.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    static List<Token> tokenize(String source) {
        String s = source.replace("\r\n", "\n").replace('\r', '\n');
        if (s.endsWith("\n")) {
            s = s.substring(0, s.length() - 1); // keep_trailing_newline=False
        }
        Lexer lx = new Lexer(s);
        lx.root();
        lx.out.add(new Token(Token.Type.EOF, "", lx.line(s.length())));
        return lx.out;
    }

    private int line(int at) {
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= at) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo + 1;
    }

    private void root() {
        int n = src.length();
        while (pos < n) {
            int start = nextTag(pos);
            if (start < 0) {
                data(src.substring(pos), pos);
                return;
            }
            char kind = src.charAt(start + 1);
            int after = start + 2;
            char sign = after < n && (src.charAt(after) == '-' || src.charAt(after) == '+') ? src.charAt(after) : 0;
            int rawEnd = kind == '%' ? rawBegin(after + (sign != 0 ? 1 : 0)) : -1;
            String text = src.substring(pos, start);
            if (sign == '-') {
                text = Py.rstrip(text, null);
            } else if (sign != '+' && kind != '{') {
                text = lstripBlock(text, pos == 0 || src.charAt(pos - 1) == '\n');
            }
            data(text, pos);
            if (rawEnd >= 0) {
                raw(rawEnd);
            } else if (kind == '#') {
                comment(after + (sign != 0 ? 1 : 0), start);
            } else {
                tag(kind == '{', after + (sign != 0 ? 1 : 0), start);
            }
        }
    }

    /** lstrip_blocks: drop the spaces between the line start and a block tag when only spaces are there. */
    private static String lstripBlock(String text, boolean lineStarting) {
        int lpos = text.lastIndexOf('\n') + 1;
        if ((lpos > 0 || lineStarting) && lpos < text.length()) {
            for (int i = lpos; i < text.length(); i++) {
                if (!Py.isSpace(text.charAt(i))) {
                    return text;
                }
            }
            return text.substring(0, lpos);
        }
        return text;
    }

    private void data(String text, int at) {
        if (!text.isEmpty()) {
            out.add(new Token(Token.Type.DATA, text, line(at)));
        }
    }

    private int nextTag(int from) {
        int i = src.indexOf('{', from);
        while (i >= 0 && i + 1 < src.length()) {
            char c = src.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return i;
            }
            i = src.indexOf('{', i + 1);
        }
        return -1;
    }

    /** At {@code i} (after {@code {%} and its sign): {@code raw %}? Returns the position after the tag, or -1. */
    private int rawBegin(int i) {
        int j = skipSpace(i);
        if (!src.startsWith("raw", j)) {
            return -1;
        }
        j = skipSpace(j + 3);
        if (src.startsWith("-%}", j)) {
            return skipSpace(j + 3);
        }
        if (src.startsWith("%}", j)) {
            return j + 2;
        }
        return -1;
    }

    private void raw(int contentStart) {
        boolean lineStarting = src.charAt(contentStart - 1) == '\n';
        int i = contentStart;
        while (true) {
            int open = src.indexOf("{%", i);
            if (open < 0) {
                throw JinjaException.syntax(line(contentStart), "Missing end of raw directive");
            }
            int j = open + 2;
            char sign = j < src.length() && (src.charAt(j) == '-' || src.charAt(j) == '+') ? src.charAt(j) : 0;
            int k = skipSpace(j + (sign != 0 ? 1 : 0));
            if (src.startsWith("endraw", k)) {
                int e = skipSpace(k + 6);
                int end;
                if (src.startsWith("+%}", e)) {
                    end = e + 3;
                } else if (src.startsWith("-%}", e)) {
                    end = skipSpace(e + 3);
                } else if (src.startsWith("%}", e)) {
                    end = e + 2 < src.length() && src.charAt(e + 2) == '\n' ? e + 3 : e + 2;
                } else {
                    i = open + 2;
                    continue;
                }
                String text = src.substring(contentStart, open);
                if (sign == '-') {
                    text = Py.rstrip(text, null);
                } else if (sign != '+') {
                    text = lstripBlock(text, lineStarting);
                }
                data(text, contentStart);
                pos = end;
                return;
            }
            i = open + 2;
        }
    }

    private void comment(int from, int start) {
        int end = src.indexOf("#}", from);
        if (end < 0) {
            throw JinjaException.syntax(line(start), "Missing end of comment tag");
        }
        char sign = end > from ? src.charAt(end - 1) : 0;
        if (sign == '-') {
            pos = skipSpace(end + 2);
        } else if (sign == '+') {
            pos = end + 2;
        } else {
            pos = end + 2 < src.length() && src.charAt(end + 2) == '\n' ? end + 3 : end + 2;
        }
    }

    private int skipSpace(int i) {
        while (i < src.length() && Py.isSpace(src.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Tokens of a {@code {{ }}} or {@code {% %}} tag, from {@code i} (after the opening delimiter and sign). */
    private void tag(boolean variable, int i, int start) {
        out.add(new Token(variable ? Token.Type.VAR_BEGIN : Token.Type.BLOCK_BEGIN, "", line(start)));
        Deque<Character> brackets = new ArrayDeque<>();
        int n = src.length();
        while (true) {
            if (i >= n) {
                throw JinjaException.syntax(line(start), "unexpected end of template, expected end of "
                        + (variable ? "print statement ('}}')" : "statement block ('%}')"));
            }
            if (brackets.isEmpty()) {
                if (variable) {
                    if (src.startsWith("-}}", i)) {
                        out.add(new Token(Token.Type.VAR_END, "", line(i)));
                        pos = skipSpace(i + 3);
                        return;
                    }
                    if (src.startsWith("}}", i)) {
                        out.add(new Token(Token.Type.VAR_END, "", line(i)));
                        pos = i + 2;
                        return;
                    }
                } else {
                    if (src.startsWith("+%}", i)) {
                        out.add(new Token(Token.Type.BLOCK_END, "", line(i)));
                        pos = i + 3;
                        return;
                    }
                    if (src.startsWith("-%}", i)) {
                        out.add(new Token(Token.Type.BLOCK_END, "", line(i)));
                        pos = skipSpace(i + 3);
                        return;
                    }
                    if (src.startsWith("%}", i)) {
                        out.add(new Token(Token.Type.BLOCK_END, "", line(i)));
                        pos = i + 2 < n && src.charAt(i + 2) == '\n' ? i + 3 : i + 2;
                        return;
                    }
                }
            }
            char c = src.charAt(i);
            if (Py.isSpace(c)) {
                i++;
                continue;
            }
            int ln = line(i);
            int e;
            if ((e = matchFloat(i)) > i) {
                out.add(new Token(Token.Type.FLOAT, src.substring(i, e).replace("_", ""), ln));
            } else if ((e = matchInteger(i)) > i) {
                out.add(new Token(Token.Type.INTEGER, src.substring(i, e).replace("_", ""), ln));
            } else if (Character.isUnicodeIdentifierStart(c) || c == '_') {
                e = i + 1;
                while (e < n && (Character.isUnicodeIdentifierPart(src.charAt(e)) && !Character.isIdentifierIgnorable(src.charAt(e)))) {
                    e++;
                }
                out.add(new Token(Token.Type.NAME, src.substring(i, e), ln));
            } else if (c == '\'' || c == '"') {
                e = i + 1;
                while (e < n && src.charAt(e) != c) {
                    e += src.charAt(e) == '\\' ? 2 : 1;
                }
                if (e >= n) {
                    throw JinjaException.syntax(ln, "unexpected char " + Py.repr(String.valueOf(c)) + " at " + i);
                }
                out.add(new Token(Token.Type.STRING, unescape(src.substring(i + 1, e), ln), ln));
                e++;
            } else {
                String op = null;
                for (String o : OPERATORS) {
                    if (src.startsWith(o, i)) {
                        op = o;
                        break;
                    }
                }
                if (op == null) {
                    throw JinjaException.syntax(ln, "unexpected char " + Py.repr(String.valueOf(c)) + " at " + i);
                }
                if (op.equals("(") || op.equals("[") || op.equals("{")) {
                    brackets.push(op.charAt(0));
                } else if (op.equals(")") || op.equals("]") || op.equals("}")) {
                    char want = op.equals(")") ? '(' : op.equals("]") ? '[' : '{';
                    if (brackets.isEmpty()) {
                        throw JinjaException.syntax(ln, "unexpected '" + op + "'");
                    }
                    if (brackets.pop() != want) {
                        throw JinjaException.syntax(ln, "unexpected '" + op + "'");
                    }
                }
                out.add(new Token(Token.Type.OP, op, ln));
                e = i + op.length();
            }
            i = e;
        }
    }

    private int digits(int i) {
        // (\d+_)*\d+
        int j = i;
        while (true) {
            int k = j;
            while (k < src.length() && isDigit(src.charAt(k))) {
                k++;
            }
            if (k == j) {
                return j == i ? i : j - 1; // a trailing '_' is not part of the number
            }
            j = k;
            if (j < src.length() && src.charAt(j) == '_' && j + 1 < src.length() && isDigit(src.charAt(j + 1))) {
                j++;
                continue;
            }
            return j;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private int matchFloat(int i) {
        if (i > 0 && src.charAt(i - 1) == '.') {
            return i;
        }
        int j = digits(i);
        if (j == i) {
            return i;
        }
        int frac = j;
        if (j < src.length() && src.charAt(j) == '.') {
            int k = digits(j + 1);
            if (k > j + 1) {
                frac = k;
            }
        }
        int exp = exponent(frac);
        if (exp > frac) {
            return exp;
        }
        return frac > j ? frac : i;
    }

    private int exponent(int j) {
        if (j < src.length() && (src.charAt(j) == 'e' || src.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < src.length() && (src.charAt(k) == '+' || src.charAt(k) == '-')) {
                k++;
            }
            int d = digits(k);
            if (d > k) {
                return d;
            }
        }
        return j;
    }

    private int matchInteger(int i) {
        int n = src.length();
        if (i + 1 < n && src.charAt(i) == '0' && "bBoOxX".indexOf(src.charAt(i + 1)) >= 0) {
            char base = Character.toLowerCase(src.charAt(i + 1));
            int j = i + 2;
            int last = j;
            while (j < n) {
                char c = src.charAt(j);
                if (c == '_' && j + 1 < n) {
                    j++;
                    c = src.charAt(j);
                }
                boolean ok = base == 'b' ? c == '0' || c == '1' : base == 'o' ? c >= '0' && c <= '7'
                        : Character.digit(c, 16) >= 0;
                if (!ok) {
                    break;
                }
                j++;
                last = j;
            }
            return last > i + 2 ? last : i;
        }
        return digits(i);
    }

    /** Python's string-literal escapes, as jinja2 decodes them (unicode-escape). */
    private static String unescape(String s, int line) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                sb.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case '\n' -> { }
                case '\\' -> sb.append('\\');
                case '\'' -> sb.append('\'');
                case '"' -> sb.append('"');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\u000b');
                case 'x', 'u', 'U' -> {
                    int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    String hex = s.substring(i + 1, Math.min(s.length(), i + 1 + len));
                    if (hex.length() < len || !hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                        throw JinjaException.syntax(line, "truncated \\" + e + " escape");
                    }
                    int cp = Integer.parseInt(hex, 16);
                    if (!Character.isValidCodePoint(cp)) {
                        throw JinjaException.syntax(line, "illegal Unicode character");
                    }
                    sb.appendCodePoint(cp);
                    i += len;
                }
                case 'N' -> {
                    int close = s.indexOf('}', i);
                    if (i + 1 >= s.length() || s.charAt(i + 1) != '{' || close < 0) {
                        throw JinjaException.syntax(line, "malformed \\N character escape");
                    }
                    try {
                        sb.appendCodePoint(Character.codePointOf(s.substring(i + 2, close)));
                    } catch (IllegalArgumentException ex) {
                        throw JinjaException.syntax(line, "unknown Unicode character name");
                    }
                    i = close;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        int k = 1;
                        while (k < 3 && i + 1 < s.length() && s.charAt(i + 1) >= '0' && s.charAt(i + 1) <= '7') {
                            v = v * 8 + (s.charAt(++i) - '0');
                            k++;
                        }
                        sb.appendCodePoint(v);
                    } else {
                        sb.append('\\').append(e);
                    }
                }
            }
        }
        return sb.toString();
    }
}
