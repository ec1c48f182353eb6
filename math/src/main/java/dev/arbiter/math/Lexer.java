package dev.arbiter.math;

import dev.arbiter.core.Deadline;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Splits normalized LaTeX or plain-text math into tokens. Spacing and sizing macros are dropped here. */
final class Lexer {
    enum Kind {
        NUM, WORD, MACRO, TEXT, OP, REL, LPAREN, RPAREN, LBRACK, RBRACK, LBRACE, RBRACE, LSET, RSET, BAR,
        COMMA, SEMI, AMP, ROWSEP, CARET, UNDERSCORE, BANG, PRIME, PERCENT, EOF
    }

    /** One token; {@code spaceBefore} records whether white space preceded it. */
    record Tok(Kind kind, String text, boolean spaceBefore) {
        boolean is(Kind k, String t) {
            return kind == k && text.equals(t);
        }
    }

    static final Set<String> SKIPPED_MACROS = Set.of("left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr",
            "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr", "displaystyle", "textstyle", "scriptstyle", "limits",
            "nolimits", "quad", "qquad", ",", ";", ":", "!", " ", "hline", "middle", "mathstrut", "strut", "medspace",
            "thinspace", "negthinspace", "enspace", "hfill", "nonumber", "notag", "$", "phantom", "allowbreak");
    private static final Set<String> TEXT_MACROS = Set.of("text", "textbf", "textit", "textrm", "textnormal", "mbox",
            "mathrm", "textsf", "texttt", "mathit", "mathsf", "operatorname", "hbox", "textup", "emph");

    private Lexer() {
    }

    static List<Tok> lex(String s, Deadline deadline) {
        List<Tok> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        boolean space = false;
        while (i < n) {
            if ((i & 0xFF) == 0) {
                deadline.check();
            }
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == '~' || c == '$') {
                space = true;
                i++;
                continue;
            }
            if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
                int j = i;
                while (j < n && Character.isDigit(s.charAt(j))) {
                    j++;
                }
                if (j < n && s.charAt(j) == '.' && j + 1 < n && Character.isDigit(s.charAt(j + 1))) {
                    j++;
                    while (j < n && Character.isDigit(s.charAt(j))) {
                        j++;
                    }
                } else if (j < n && s.charAt(j) == '.' && (j + 1 == n || s.charAt(j + 1) == '\\' && s.startsWith("\\overline", j + 1))) {
                    j++; // "0." before \overline, or a trailing point
                }
                j = scientificExponent(s, j);
                out.add(new Tok(Kind.NUM, s.substring(i, j), space));
                i = j;
                space = false;
                continue;
            }
            if (Character.isLetter(c)) {
                int j = i;
                while (j < n && Character.isLetter(s.charAt(j))) {
                    j++;
                }
                out.add(new Tok(Kind.WORD, s.substring(i, j), space));
                i = j;
                space = false;
                continue;
            }
            if (c == '\\') {
                if (i + 1 >= n) {
                    i++;
                    continue;
                }
                char d = s.charAt(i + 1);
                if (d == '\\') {
                    out.add(new Tok(Kind.ROWSEP, "\\\\", space));
                    i += 2;
                    space = false;
                    continue;
                }
                if (!Character.isLetter(d)) {
                    i += 2;
                    switch (d) {
                        case '{' -> out.add(new Tok(Kind.LSET, "{", space));
                        case '}' -> out.add(new Tok(Kind.RSET, "}", space));
                        case '|' -> out.add(new Tok(Kind.BAR, "|", space));
                        case '%' -> out.add(new Tok(Kind.PERCENT, "%", space));
                        case '$', ',', ';', ':', '!', ' ', '>', '<', '/' -> {
                            space = true;
                            continue;
                        }
                        default -> out.add(new Tok(Kind.MACRO, String.valueOf(d), space));
                    }
                    space = false;
                    continue;
                }
                int j = i + 1;
                while (j < n && Character.isLetter(s.charAt(j))) {
                    j++;
                }
                String name = s.substring(i + 1, j);
                i = j;
                if (name.startsWith("qquad") || name.startsWith("quad")) {
                    // "\quadx" in model output means "\quad x"
                    String rest = name.substring(name.startsWith("qquad") ? 5 : 4);
                    if (!rest.isEmpty()) {
                        out.add(new Tok(Kind.WORD, rest, true));
                    }
                    space = true;
                    continue;
                }
                if (SKIPPED_MACROS.contains(name)) {
                    if ((name.equals("left") || name.equals("right") || name.startsWith("big") || name.startsWith("Big"))
                            && i < n && s.charAt(i) == '.') {
                        i++;
                    }
                    if (name.equals("phantom")) {
                        i = skipGroup(s, i);
                    }
                    space = true;
                    continue;
                }
                if (TEXT_MACROS.contains(name)) {
                    int k = i;
                    while (k < n && s.charAt(k) == ' ') {
                        k++;
                    }
                    if (k < n && s.charAt(k) == '{') {
                        int end = matchBrace(s, k);
                        if (end < 0) {
                            throw new ParseFailure("unbalanced braces after \\" + name);
                        }
                        out.add(new Tok(Kind.TEXT, s.substring(k + 1, end), space));
                        i = end + 1;
                        space = false;
                        continue;
                    }
                }
                Kind k = macroKind(name);
                String text = switch (name) {
                    case "lbrace" -> "{";
                    case "rbrace" -> "}";
                    case "langle", "lbrack" -> "(";
                    case "rangle", "rbrack" -> ")";
                    default -> name;
                };
                out.add(new Tok(k, k == Kind.REL ? relName(name) : text, space));
                space = false;
                continue;
            }
            Tok t = switch (c) {
                case '(' -> new Tok(Kind.LPAREN, "(", space);
                case ')' -> new Tok(Kind.RPAREN, ")", space);
                case '[' -> new Tok(Kind.LBRACK, "[", space);
                case ']' -> new Tok(Kind.RBRACK, "]", space);
                case '{' -> new Tok(Kind.LBRACE, "{", space);
                case '}' -> new Tok(Kind.RBRACE, "}", space);
                case '|' -> new Tok(Kind.BAR, "|", space);
                case ',' -> new Tok(Kind.COMMA, ",", space);
                case ';' -> new Tok(Kind.SEMI, ";", space);
                case '&' -> new Tok(Kind.AMP, "&", space);
                case '^' -> new Tok(Kind.CARET, "^", space);
                case '_' -> new Tok(Kind.UNDERSCORE, "_", space);
                case '\'', '\u2032' -> new Tok(Kind.PRIME, "'", space);
                case '%' -> new Tok(Kind.PERCENT, "%", space);
                case '+', '*', '/', ':', '-' -> new Tok(Kind.OP, String.valueOf(c), space);
                case '!' -> i + 1 < n && s.charAt(i + 1) == '=' ? null : new Tok(Kind.BANG, "!", space);
                case '=', '<', '>' -> null;
                default -> throw new ParseFailure("unexpected character '" + c + "'");
            };
            if (t == null) {
                // relations: = == < <= > >= != =< =>
                String two = i + 1 < n ? s.substring(i, i + 2) : "";
                String rel;
                int len = 1;
                switch (two) {
                    case "<=", "=<" -> { rel = "LE"; len = 2; }
                    case ">=", "=>" -> { rel = "GE"; len = 2; }
                    case "!=", "<>" -> { rel = "NE"; len = 2; }
                    case "==" -> { rel = "EQ"; len = 2; }
                    default -> rel = c == '=' ? "EQ" : c == '<' ? "LT" : "GT";
                }
                out.add(new Tok(Kind.REL, rel, space));
                i += len;
                space = false;
                continue;
            }
            out.add(t);
            i++;
            space = false;
        }
        out.add(new Tok(Kind.EOF, "", space));
        return out;
    }

    private static int scientificExponent(String s, int j) {
        int n = s.length();
        if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                k++;
            }
            int digits = k;
            while (k < n && Character.isDigit(s.charAt(k))) {
                k++;
            }
            if (k > digits && (k == n || !Character.isLetter(s.charAt(k))) && k - digits <= 4
                    && (s.charAt(j + 1) == '+' || s.charAt(j + 1) == '-')) {
                return k;
            }
        }
        return j;
    }

    private static Kind macroKind(String name) {
        return switch (name) {
            case "le", "leq", "leqslant", "lt", "ge", "geq", "geqslant", "gt", "ne", "neq", "approx", "in", "equiv",
                    "simeq", "cong", "doteq", "leqq", "geqq" -> Kind.REL;
            case "lvert", "rvert", "vert", "Vert", "lVert", "rVert", "mid" -> Kind.BAR;
            case "lbrace" -> Kind.LSET;
            case "rbrace" -> Kind.RSET;
            case "langle", "lbrack" -> Kind.LPAREN;
            case "rangle", "rbrack" -> Kind.RPAREN;
            case "cdot", "times", "div", "ast", "pm", "mp", "cup", "cap", "setminus", "plusmn" -> Kind.OP;
            default -> Kind.MACRO;
        };
    }

    private static String relName(String macro) {
        return switch (macro) {
            case "le", "leq", "leqslant", "leqq" -> "LE";
            case "lt" -> "LT";
            case "ge", "geq", "geqslant", "geqq" -> "GE";
            case "gt" -> "GT";
            case "ne", "neq" -> "NE";
            case "approx", "simeq", "cong", "doteq" -> "APPROX";
            case "in" -> "IN";
            default -> "EQ";
        };
    }

    /** The index of the brace closing the one at {@code open}, or -1. */
    static int matchBrace(String s, int open) {
        int depth = 0;
        for (int k = open; k < s.length(); k++) {
            char ch = s.charAt(k);
            if (ch == '\\') {
                k++;
                continue;
            }
            if (ch == '{') {
                depth++;
            } else if (ch == '}') {
                depth--;
                if (depth == 0) {
                    return k;
                }
            }
        }
        return -1;
    }

    private static int skipGroup(String s, int i) {
        if (i < s.length() && s.charAt(i) == '{') {
            int end = matchBrace(s, i);
            return end < 0 ? s.length() : end + 1;
        }
        return i;
    }
}
