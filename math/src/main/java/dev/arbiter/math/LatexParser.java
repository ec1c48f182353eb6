package dev.arbiter.math;

import dev.arbiter.core.Deadline;
import dev.arbiter.math.Lexer.Kind;
import dev.arbiter.math.Lexer.Tok;
import dev.arbiter.math.MathExpr.Add;
import dev.arbiter.math.MathExpr.Const;
import dev.arbiter.math.MathExpr.ConstKind;
import dev.arbiter.math.MathExpr.Div;
import dev.arbiter.math.MathExpr.Fn;
import dev.arbiter.math.MathExpr.Interval;
import dev.arbiter.math.MathExpr.Matrix;
import dev.arbiter.math.MathExpr.Mul;
import dev.arbiter.math.MathExpr.Neg;
import dev.arbiter.math.MathExpr.Num;
import dev.arbiter.math.MathExpr.Percent;
import dev.arbiter.math.MathExpr.PlusMinus;
import dev.arbiter.math.MathExpr.Pow;
import dev.arbiter.math.MathExpr.Rel;
import dev.arbiter.math.MathExpr.RelOp;
import dev.arbiter.math.MathExpr.Seq;
import dev.arbiter.math.MathExpr.SetOf;
import dev.arbiter.math.MathExpr.SetOp;
import dev.arbiter.math.MathExpr.Sym;
import dev.arbiter.math.MathExpr.Text;
import dev.arbiter.math.MathExpr.Tuple;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A recursive-descent parser from LaTeX or plain-text math to {@link MathExpr}. It understands the notation
 * listed in the module README; anything else is a {@link ParseFailure} (never a silent product of letters
 * for an unknown macro). Not thread-safe: one instance parses one text.
 */
final class LatexParser {
    private static final int MAX_DEPTH = 150;
    static final Set<String> FUNCTIONS = Set.of("sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan",
            "sinh", "cosh", "tanh", "ln", "log", "exp", "sqrt", "abs", "lg", "arcsec", "arccsc", "arccot", "cosec",
            "gcd", "lcm", "max", "min", "det");
    private static final Set<String> GREEK = Set.of("alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta",
            "eta", "theta", "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon",
            "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Phi", "Psi",
            "Omega", "ell");
    private static final Set<String> WRAPPERS = Set.of("boxed", "fbox", "mathbf", "boldsymbol", "bm", "vec", "hat",
            "bar", "tilde", "widehat", "widetilde", "overrightarrow", "overleftarrow", "underline", "mathcal", "mathbb",
            "mathscr", "mathfrak", "pmb", "dot", "ddot", "overline", "displaystyle", "color", "textcolor");
    /** Unit words dropped after a quantity; single letters are never units here (they are variables). */
    static final Set<String> UNITS = Set.copyOf(List.of("cm", "mm", "km", "m", "meter", "meters", "metre", "metres", "centimeter",
            "centimeters", "millimeter", "millimeters", "kilometer", "kilometers", "inch", "inches", "ft", "foot",
            "feet", "yard", "yards", "yd", "mile", "miles", "kg", "g", "gram", "grams", "kilogram", "kilograms",
            "mg", "lb", "lbs", "pound", "pounds", "ounce", "ounces", "oz", "ton", "tons", "l", "liter", "liters",
            "litre", "litres", "ml", "gallon", "gallons", "cups", "second", "seconds", "s", "min", "minute",
            "minutes", "h", "hr", "hrs", "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year",
            "years", "dollar", "dollars", "cent", "cents", "euro", "euros", "yuan", "rupees", "degree", "degrees",
            "deg", "rad", "radian", "radians", "unit", "units", "square", "sq", "cubic", "mph", "kmh", "kph", "people",
            "person", "persons", "students", "ways", "points", "apples", "eggs", "items", "pages", "books",
            "boxes", "balls", "marbles", "coins", "pieces", "cookies", "candies", "bags", "packs", "children",
            "trees", "cars", "tickets", "sheets", "slices", "minutes", "seconds", "bottles", "cans", "games",
            "questions", "rows", "chairs", "tables", "friends", "members", "hats", "shirts", "toys", "stamps",
            "am", "pm", "oclock", "percentile", "st", "nd", "rd", "th", "feet", "sqft", "cc", "dm", "nm",
            "mL", "L", "W", "kW", "V", "J", "N", "Pa", "Hz"));
    private static final Set<String> ATTACHED_UNITS = Set.of("cm", "mm", "km", "kg", "ft", "lb", "oz", "ml", "mg", "hr",
            "st", "nd", "rd", "th", "mL");
    private static final Set<String> SINGLE_LETTER_UNITS = Set.of("m", "g", "s", "h", "l", "L", "W", "V", "J", "N");

    private static final java.util.regex.Pattern NUMERIC_TEXT = java.util.regex.Pattern.compile("[-+]?[0-9][0-9.,]*");

    private final List<Tok> toks;
    private final Deadline deadline;
    private int p;
    private int depth;
    private int absDepth;
    private int steps;

    private LatexParser(List<Tok> toks, Deadline deadline) {
        this.toks = toks;
        this.deadline = deadline;
    }

    /** Parses one answer; throws {@link ParseFailure} when the text is not understood. */
    static MathExpr parse(String text, Deadline deadline) {
        String normalized = Normalizer.forParsing(text);
        if (normalized.isBlank()) {
            throw new ParseFailure("empty answer");
        }
        LatexParser parser = new LatexParser(Lexer.lex(normalized, deadline), deadline);
        MathExpr e = parser.parseTop();
        if (parser.peek().kind() != Kind.EOF) {
            throw new ParseFailure("unexpected '" + parser.peek().text() + "'");
        }
        return e;
    }

    private Tok peek() {
        return toks.get(p);
    }

    private Tok peek(int ahead) {
        int i = Math.min(p + ahead, toks.size() - 1);
        return toks.get(i);
    }

    private Tok next() {
        if ((++steps & 0x3F) == 0) {
            deadline.check();
        }
        Tok t = toks.get(p);
        if (t.kind() != Kind.EOF) {
            p++;
        }
        return t;
    }

    private boolean at(Kind k) {
        return peek().kind() == k;
    }

    private boolean at(Kind k, String text) {
        return peek().is(k, text);
    }

    private void expect(Kind k) {
        if (!at(k)) {
            throw new ParseFailure("expected " + k + " but found '" + peek().text() + "'");
        }
        next();
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw new ParseFailure("the expression nests too deeply");
        }
    }

    private void leave() {
        depth--;
    }

    // ---- lists and relations -------------------------------------------------------------------------------

    private MathExpr parseTop() {
        boolean topComma = false;
        boolean topSemi = false;
        int d = 0;
        for (int i = p; i < toks.size(); i++) {
            Kind k = toks.get(i).kind();
            if (k == Kind.LPAREN || k == Kind.LBRACK || k == Kind.LBRACE || k == Kind.LSET) {
                d++;
            } else if (k == Kind.RPAREN || k == Kind.RBRACK || k == Kind.RBRACE || k == Kind.RSET) {
                d--;
            } else if (d == 0 && k == Kind.COMMA) {
                topComma = true;
            } else if (d == 0 && k == Kind.SEMI) {
                topSemi = true;
            }
        }
        if (!(topComma && topSemi)) {
            return parseList(true);
        }
        List<MathExpr> groups = new ArrayList<>();
        groups.add(parseList(false));
        while (at(Kind.SEMI)) {
            next();
            if (at(Kind.EOF)) {
                break;
            }
            groups.add(parseList(false));
        }
        return groups.size() == 1 ? groups.get(0) : new Seq(groups);
    }

    private boolean atSeparator(boolean semicolons) {
        Tok t = peek();
        return switch (t.kind()) {
            case COMMA -> true;
            case SEMI -> semicolons;
            case WORD -> isConnective(t.text());
            case TEXT -> isConnective(t.text().strip()) || t.text().strip().equals(",");
            default -> false;
        };
    }

    static boolean isConnective(String w) {
        String s = w.toLowerCase(Locale.ROOT);
        return s.equals("and") || s.equals("or") || s.equals(",") || s.equals("and,") || s.equals(", and")
                || s.equals("or,");
    }

    private boolean atListEnd() {
        return switch (peek().kind()) {
            case EOF, RPAREN, RBRACK, RBRACE, RSET, AMP, ROWSEP -> true;
            default -> false;
        };
    }

    private MathExpr parseList(boolean semicolons) {
        enter();
        List<MathExpr> items = new ArrayList<>();
        items.add(parseRel());
        while (atSeparator(semicolons)) {
            while (atSeparator(semicolons)) {
                next();
            }
            if (atListEnd()) {
                break;
            }
            items.add(parseRel());
        }
        leave();
        if (items.size() == 1) {
            return items.get(0);
        }
        // "a = 4, -8, -10" and "(x, y) = (5, 8) and (8, 5)": one label takes several values
        if (items.get(0) instanceof Rel r && r.ops().size() == 1 && r.ops().get(0) == RelOp.EQ
                && Shapes.isLabel(r.parts().get(0))) {
            boolean restBare = true;
            for (int i = 1; i < items.size(); i++) {
                if (items.get(i) instanceof Rel) {
                    restBare = false;
                    break;
                }
            }
            if (restBare) {
                List<MathExpr> values = new ArrayList<>();
                values.add(r.parts().get(1));
                values.addAll(items.subList(1, items.size()));
                return new Rel(List.of(r.parts().get(0), new Seq(values)), List.of(RelOp.EQ));
            }
        }
        return new Seq(items);
    }

    private MathExpr parseRel() {
        List<MathExpr> parts = new ArrayList<>();
        List<RelOp> ops = new ArrayList<>();
        parts.add(parseSetExpr());
        while (at(Kind.REL)) {
            ops.add(RelOp.valueOf(next().text()));
            if (atListEnd() || atSeparator(true)) {
                throw new ParseFailure("a relation without a right-hand side");
            }
            parts.add(parseSetExpr());
        }
        return parts.size() == 1 ? parts.get(0) : new Rel(parts, ops);
    }

    private MathExpr parseSetExpr() {
        MathExpr first = parseAdditive();
        if (!(at(Kind.OP, "cup") || at(Kind.OP, "cap") || at(Kind.OP, "setminus"))) {
            return first;
        }
        List<MathExpr> parts = new ArrayList<>();
        parts.add(first);
        char op = 0;
        while (at(Kind.OP, "cup") || at(Kind.OP, "cap") || at(Kind.OP, "setminus")) {
            String t = next().text();
            char o = t.equals("cup") ? 'U' : t.equals("cap") ? 'N' : '\\';
            if (op != 0 && o != op) {
                MathExpr left = new SetOp(op, parts);
                parts = new ArrayList<>();
                parts.add(left);
            }
            op = o;
            parts.add(parseAdditive());
        }
        return new SetOp(op, parts);
    }

    // ---- arithmetic ---------------------------------------------------------------------------------------

    private MathExpr parseAdditive() {
        enter();
        List<MathExpr> terms = new ArrayList<>();
        MathExpr pending = null;
        if (at(Kind.OP, "pm") || at(Kind.OP, "mp") || at(Kind.OP, "plusmn")) {
            next();
            pending = new PlusMinus(null, parseTerm());
        } else if (at(Kind.OP, "-")) {
            next();
            pending = new Neg(parseTerm());
        } else if (at(Kind.OP, "+")) {
            next();
            pending = parseTerm();
        } else {
            pending = parseTerm();
        }
        terms.add(pending);
        while (true) {
            if (at(Kind.OP, "+")) {
                next();
                terms.add(parseTerm());
            } else if (at(Kind.OP, "-")) {
                next();
                terms.add(new Neg(parseTerm()));
            } else if (at(Kind.OP, "pm") || at(Kind.OP, "mp") || at(Kind.OP, "plusmn")) {
                next();
                MathExpr left = terms.size() == 1 ? terms.get(0) : new Add(terms);
                terms = new ArrayList<>();
                terms.add(new PlusMinus(left, parseTerm()));
            } else {
                break;
            }
        }
        leave();
        return terms.size() == 1 ? terms.get(0) : new Add(terms);
    }

    private MathExpr parseTerm() {
        enter();
        MathExpr result = parseUnary();
        while (true) {
            Tok t = peek();
            if (t.kind() == Kind.OP && (t.text().equals("*") || t.text().equals("cdot") || t.text().equals("times")
                    || t.text().equals("ast"))) {
                next();
                result = times(result, parseUnary());
            } else if (t.kind() == Kind.OP && (t.text().equals("/") || t.text().equals("div") || t.text().equals(":"))) {
                next();
                result = new Div(result, parseUnary());
            } else if (skipUnit()) {
                continue;
            } else if (startsImplicitFactor()) {
                result = times(result, parsePower());
            } else {
                break;
            }
        }
        leave();
        return result;
    }

    private static MathExpr times(MathExpr a, MathExpr b) {
        List<MathExpr> f = new ArrayList<>();
        if (a instanceof Mul m) {
            f.addAll(m.factors());
        } else {
            f.add(a);
        }
        f.add(b);
        return new Mul(f);
    }

    /** Drops a unit word (and its power) after a quantity: {@code 15 cm^2}, {@code 125\text{ miles}}. */
    private boolean skipUnit() {
        Tok t = peek();
        boolean unit = false;
        if (t.kind() == Kind.WORD) {
            String w = t.text();
            unit = UNITS.contains(w) && (w.length() > 2 || w.length() == 2 && (t.spaceBefore() || ATTACHED_UNITS.contains(w))
                    || w.length() == 1 && t.spaceBefore() && SINGLE_LETTER_UNITS.contains(w) && isEndAfterUnit(1));
        } else if (t.kind() == Kind.TEXT) {
            String c = t.text().strip();
            unit = c.length() > 1 && c.chars().allMatch(ch -> Character.isLetter(ch) || ch == ' ' || ch == '.'
                    || ch == '/' || ch == '^' || Character.isDigit(ch)) && !isConnective(c) && !isPercentWord(c)
                    && Character.isLetter(c.charAt(0));
        }
        if (!unit) {
            return false;
        }
        next();
        if (at(Kind.CARET)) {
            next();
            if (at(Kind.LBRACE)) {
                skipBalanced();
            } else {
                next();
            }
        }
        return true;
    }

    private boolean isEndAfterUnit(int ahead) {
        Kind k = peek(ahead).kind();
        return k == Kind.EOF || k == Kind.COMMA || k == Kind.RPAREN || k == Kind.RBRACE || k == Kind.SEMI
                || k == Kind.CARET;
    }

    private void skipBalanced() {
        int d = 0;
        do {
            Tok t = next();
            if (t.kind() == Kind.LBRACE) {
                d++;
            } else if (t.kind() == Kind.RBRACE) {
                d--;
            } else if (t.kind() == Kind.EOF) {
                return;
            }
        } while (d > 0);
    }

    static boolean isPercentWord(String w) {
        String s = w.strip().toLowerCase(Locale.ROOT);
        return s.equals("%") || s.equals("percent") || s.equals("pct") || s.equals("percentage") || s.equals("\\%");
    }

    private boolean startsImplicitFactor() {
        Tok t = peek();
        return switch (t.kind()) {
            case NUM, LPAREN, LSET -> true;
            case WORD -> !isConnective(t.text()) && !isPercentWord(t.text());
            case TEXT -> {
                String c = t.text().strip();
                yield !c.isEmpty() && !isConnective(c) && !isPercentWord(c);
            }
            case BAR -> absDepth == 0;
            case MACRO -> !CLOSERS.contains(t.text());
            default -> false;
        };
    }

    private MathExpr parseUnary() {
        if (at(Kind.OP, "-")) {
            next();
            return new Neg(parseUnary());
        }
        if (at(Kind.OP, "+")) {
            next();
            return parseUnary();
        }
        if (at(Kind.OP, "pm") || at(Kind.OP, "mp")) {
            next();
            return new PlusMinus(null, parseUnary());
        }
        return parsePower();
    }

    private MathExpr parsePower() {
        enter();
        MathExpr base = parsePostfix();
        if (at(Kind.CARET)) {
            next();
            MathExpr exponent = parseExponent();
            base = exponent == null ? base : new Pow(base, exponent);
            base = postfixes(base);
        }
        leave();
        return base;
    }

    /** The exponent after {@code ^}; {@code null} for a degree sign. Power towers associate to the right. */
    private MathExpr parseExponent() {
        if (at(Kind.MACRO, "circ")) {
            next();
            return null;
        }
        MathExpr e;
        if (at(Kind.LBRACE)) {
            next();
            if (at(Kind.MACRO, "circ") && peek(1).kind() == Kind.RBRACE) {
                next();
                next();
                return null;
            }
            e = parseList(true);
            expect(Kind.RBRACE);
        } else if (at(Kind.OP, "-")) {
            next();
            e = new Neg(parsePostfix());
        } else if (at(Kind.NUM)) {
            e = number(next().text());
        } else {
            e = parsePostfix();
        }
        if (at(Kind.CARET)) {
            next();
            MathExpr higher = parseExponent();
            if (higher != null) {
                e = new Pow(e, higher);
            }
        }
        return e;
    }

    private MathExpr parsePostfix() {
        return postfixes(parsePrimary());
    }

    private MathExpr postfixes(MathExpr e) {
        while (true) {
            if (at(Kind.BANG)) {
                next();
                e = new Fn("factorial", List.of(e));
            } else if (at(Kind.PERCENT)) {
                next();
                e = new Percent(e);
            } else if ((at(Kind.WORD) || at(Kind.TEXT)) && isPercentWord(peek().text())) {
                next();
                e = new Percent(e);
            } else if (at(Kind.PRIME) && e instanceof Sym s) {
                next();
                e = new Sym(s.name() + "'");
            } else {
                return e;
            }
        }
    }

    // ---- primaries ----------------------------------------------------------------------------------------

    private MathExpr parsePrimary() {
        enter();
        try {
            Tok t = next();
            return switch (t.kind()) {
                case NUM -> numberPrimary(t);
                case WORD -> word(t.text());
                case MACRO -> macro(t.text());
                case TEXT -> text(t.text());
                case LPAREN -> bracketed(false);
                case LBRACK -> bracketed(true);
                case LBRACE -> {
                    if (at(Kind.RBRACE)) {
                        next();
                        yield parsePrimary();
                    }
                    MathExpr inner = parseList(true);
                    expect(Kind.RBRACE);
                    yield inner;
                }
                case LSET -> {
                    List<MathExpr> items = new ArrayList<>();
                    if (!at(Kind.RSET)) {
                        MathExpr inner = parseList(true);
                        if (inner instanceof Seq s) {
                            items.addAll(s.items());
                        } else {
                            items.add(inner);
                        }
                    }
                    expect(Kind.RSET);
                    yield new SetOf(items);
                }
                case BAR -> {
                    absDepth++;
                    MathExpr inner = parseAdditive();
                    absDepth--;
                    expect(Kind.BAR);
                    yield new Fn("abs", List.of(inner));
                }
                default -> throw new ParseFailure("unexpected '" + t.text() + "'");
            };
        } finally {
            leave();
        }
    }

    private MathExpr numberPrimary(Tok t) {
        String s = t.text();
        // repeating decimal 0.\overline{6}
        if (at(Kind.MACRO, "overline") && s.contains(".")) {
            next();
            String digits = groupDigits();
            return new Num(repeating(s, digits), false);
        }
        // base-n numeral 204_5
        if (at(Kind.UNDERSCORE) && s.chars().allMatch(Character::isDigit)) {
            int save = p;
            next();
            String base = null;
            if (at(Kind.NUM)) {
                base = next().text();
            } else if (at(Kind.LBRACE) && peek(1).kind() == Kind.NUM && peek(2).kind() == Kind.RBRACE) {
                next();
                base = next().text();
                next();
            }
            if (base != null && base.length() <= 2 && base.chars().allMatch(Character::isDigit)) {
                int b = Integer.parseInt(base);
                if (b >= 2 && b <= 36) {
                    try {
                        return new Num(BigRational.of(new BigInteger(s, b)), false);
                    } catch (NumberFormatException e) {
                        throw new ParseFailure("'" + s + "' is not a base-" + b + " numeral");
                    }
                }
            }
            p = save;
        }
        Num n = number(s);
        // mixed number 2\frac{1}{2}
        if (at(Kind.MACRO, "frac") && n.value().isInteger() && !n.decimal() && n.value().signum() >= 0) {
            int save = p;
            next();
            MathExpr a = readArg();
            MathExpr b = readArg();
            if (a instanceof Num na && b instanceof Num nb && na.value().isInteger() && nb.value().isInteger()
                    && !na.decimal() && !nb.decimal() && na.value().signum() > 0
                    && na.value().compareTo(nb.value()) < 0) {
                return new Num(n.value().add(na.value().divide(nb.value())), false);
            }
            p = save;
        }
        return n;
    }

    private String groupDigits() {
        StringBuilder sb = new StringBuilder();
        if (at(Kind.LBRACE)) {
            next();
            while (at(Kind.NUM)) {
                sb.append(next().text());
            }
            expect(Kind.RBRACE);
        } else if (at(Kind.NUM)) {
            sb.append(next().text().charAt(0));
        }
        if (sb.length() == 0 || !sb.chars().allMatch(Character::isDigit)) {
            throw new ParseFailure("\\overline needs digits");
        }
        return sb.toString();
    }

    /** {@code 0.1} with repeating {@code 6} is 0.1666… = 1/6. */
    private static BigRational repeating(String prefix, String rep) {
        String fixed = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
        int dot = fixed.indexOf('.');
        String intPart = dot < 0 ? fixed : fixed.substring(0, dot);
        String frac = dot < 0 ? "" : fixed.substring(dot + 1);
        BigRational base = BigRational.parseDecimal(intPart.isEmpty() ? "0" : intPart + (frac.isEmpty() ? "" : "." + frac));
        BigInteger repValue = new BigInteger(rep);
        BigInteger nines = BigInteger.TEN.pow(rep.length()).subtract(BigInteger.ONE);
        BigRational tail = new BigRational(repValue, nines.multiply(BigInteger.TEN.pow(frac.length())));
        return base.add(tail);
    }

    static Num number(String s) {
        try {
            return new Num(BigRational.parseDecimal(s.endsWith(".") ? s.substring(0, s.length() - 1) : s),
                    s.indexOf('.') >= 0 && !s.endsWith("."));
        } catch (NumberFormatException e) {
            throw new ParseFailure("bad number '" + s + "'");
        }
    }

    private MathExpr word(String w) {
        String lower = w.toLowerCase(Locale.ROOT);
        if (FUNCTIONS.contains(w) || FUNCTIONS.contains(lower) && w.length() > 2) {
            return function(lower);
        }
        switch (lower) {
            case "pi" -> {
                return new Const(ConstKind.PI);
            }
            case "infinity", "infty", "inf", "oo" -> {
                return new Const(ConstKind.INFINITY);
            }
            case "sqrt" -> {
                return function("sqrt");
            }
            default -> {
            }
        }
        if (isConnective(w)) {
            throw new ParseFailure("a connective where a value was expected");
        }
        // LaTeX semantics: a run of letters is a product of single-letter symbols
        List<MathExpr> letters = new ArrayList<>(w.length());
        for (int i = 0; i < w.length(); i++) {
            letters.add(letter(w.charAt(i)));
        }
        MathExpr last = letters.get(letters.size() - 1);
        if (at(Kind.UNDERSCORE) && last instanceof Sym s) {
            letters.set(letters.size() - 1, subscripted(s.name()));
        } else if (at(Kind.UNDERSCORE) && last instanceof Const c) {
            letters.set(letters.size() - 1, subscripted(c.kind() == ConstKind.E ? "e" : "i"));
        }
        return letters.size() == 1 ? letters.get(0) : new Mul(letters);
    }

    private static MathExpr letter(char c) {
        return switch (c) {
            case 'e' -> new Const(ConstKind.E);
            case 'i' -> new Const(ConstKind.I);
            default -> new Sym(String.valueOf(c));
        };
    }

    /** {@code x_1}, {@code a_{37}}, {@code S_{MBCN}}: one symbol whose name includes the subscript. */
    private Sym subscripted(String name) {
        next(); // _
        StringBuilder sb = new StringBuilder(name).append('_');
        if (at(Kind.LBRACE)) {
            int d = 0;
            do {
                Tok t = next();
                if (t.kind() == Kind.LBRACE) {
                    d++;
                } else if (t.kind() == Kind.RBRACE) {
                    d--;
                } else if (t.kind() == Kind.EOF) {
                    throw new ParseFailure("unbalanced subscript");
                }
                if (d > 0 && !(t.kind() == Kind.LBRACE && d == 1)) {
                    sb.append(t.text());
                }
            } while (d > 0);
        } else {
            Tok t = next();
            if (t.kind() == Kind.NUM) {
                sb.append(t.text().charAt(0));
                if (t.text().length() > 1) {
                    // x_12 in LaTeX is x_1 times 2; keep model intent: take all digits
                    sb.append(t.text().substring(1));
                }
            } else if (t.kind() == Kind.WORD || t.kind() == Kind.MACRO) {
                sb.append(t.text());
            } else {
                throw new ParseFailure("bad subscript");
            }
        }
        return new Sym(sb.toString());
    }

    private MathExpr text(String content) {
        String c = content.strip();
        if (c.isEmpty()) {
            return parsePrimary();
        }
        if (c.length() == 1 && Character.isLetter(c.charAt(0))) {
            MathExpr l = letter(c.charAt(0));
            if (at(Kind.UNDERSCORE) && l instanceof Sym s) {
                return subscripted(s.name());
            }
            return l;
        }
        if (NUMERIC_TEXT.matcher(c).matches()) {
            return LatexParser.parse(c, deadline);
        }
        if (FUNCTIONS.contains(c)) {
            return function(c);
        }
        return new Text(c);
    }

    private MathExpr bracketed(boolean squareOpen) {
        if (at(Kind.RPAREN) || at(Kind.RBRACK)) {
            next();
            return new Tuple(List.of());
        }
        MathExpr inner = parseList(true);
        Tok close = next();
        boolean squareClose;
        if (close.kind() == Kind.RPAREN) {
            squareClose = false;
        } else if (close.kind() == Kind.RBRACK) {
            squareClose = true;
        } else {
            throw new ParseFailure("unclosed bracket");
        }
        List<MathExpr> items = inner instanceof Seq s ? s.items() : List.of(inner);
        if (items.size() == 1) {
            if (squareOpen != squareClose) {
                throw new ParseFailure("mismatched brackets");
            }
            return inner;
        }
        if (items.size() == 2 && (squareOpen || squareClose)) {
            return new Interval(items.get(0), items.get(1), squareOpen, squareClose);
        }
        if (squareOpen != squareClose) {
            throw new ParseFailure("mismatched brackets");
        }
        return new Tuple(items);
    }

    /** One argument of {@code \frac}, {@code \sqrt}, {@code \binom}: a group, or a single character of a token. */
    private MathExpr readArg() {
        Tok t = peek();
        if (t.kind() == Kind.LBRACE) {
            next();
            MathExpr e = parseList(true);
            expect(Kind.RBRACE);
            return e;
        }
        if (t.kind() == Kind.NUM && t.text().length() > 1 && t.text().chars().allMatch(Character::isDigit)) {
            toks.set(p, new Tok(Kind.NUM, t.text().substring(1), false));
            return number(t.text().substring(0, 1));
        }
        if (t.kind() == Kind.WORD && t.text().length() > 1 && !FUNCTIONS.contains(t.text())) {
            toks.set(p, new Tok(Kind.WORD, t.text().substring(1), false));
            return letter(t.text().charAt(0));
        }
        return parsePrimary();
    }

    private MathExpr macro(String name) {
        switch (name) {
            case "frac", "dfrac", "tfrac", "cfrac" -> {
                MathExpr a = readArg();
                MathExpr b = readArg();
                return new Div(a, b);
            }
            case "binom", "dbinom", "tbinom", "choose" -> {
                MathExpr a = readArg();
                MathExpr b = readArg();
                return new Fn("binom", List.of(a, b));
            }
            case "sqrt" -> {
                if (at(Kind.LBRACK)) {
                    next();
                    MathExpr index = parseAdditive();
                    expect(Kind.RBRACK);
                    return new Fn("root", List.of(readArg(), index));
                }
                return new Fn("sqrt", List.of(readArg()));
            }
            case "pi" -> {
                return new Const(ConstKind.PI);
            }
            case "infty", "infin" -> {
                return new Const(ConstKind.INFINITY);
            }
            case "emptyset", "varnothing" -> {
                return new SetOf(List.of());
            }
            case "lfloor", "lceil" -> {
                MathExpr inner = parseAdditive();
                if (!(at(Kind.MACRO, "rfloor") || at(Kind.MACRO, "rceil"))) {
                    throw new ParseFailure("unclosed floor/ceiling");
                }
                next();
                return new Fn(name.equals("lfloor") ? "floor" : "ceil", List.of(inner));
            }
            case "begin" -> {
                return environment();
            }
            case "circ", "degree" -> {
                return parsePrimary();
            }
            case "mathrm", "text" -> {
                return parsePrimary();
            }
            case "exp" -> {
                return function("exp");
            }
            default -> {
            }
        }
        if (FUNCTIONS.contains(name)) {
            return function(name);
        }
        if (name.equals("arcsec") || name.equals("arccsc") || name.equals("arccot")) {
            return function(name);
        }
        if (GREEK.contains(name)) {
            Sym s = new Sym(name);
            return at(Kind.UNDERSCORE) ? subscripted(name) : s;
        }
        if (WRAPPERS.contains(name)) {
            if (name.equals("color") || name.equals("textcolor")) {
                readArg();
                if (name.equals("color")) {
                    return parsePrimary();
                }
            }
            MathExpr inner = readArg();
            if (name.equals("overline") || name.equals("vec") || name.equals("overrightarrow")) {
                return inner;
            }
            return inner;
        }
        if (name.equals("sum") || name.equals("prod")) {
            return bigOperator(name);
        }
        if (name.length() > 1 && !at(Kind.LBRACE) && !UNSUPPORTED.contains(name)) {
            // an unknown macro without arguments is an opaque symbol, never a product of its letters
            return new Sym("\\" + name);
        }
        throw new ParseFailure("unsupported macro \\" + name);
    }

    private static final Set<String> CLOSERS = Set.of("end", "circ", "rfloor", "rceil", "right", "rangle", "rvert",
            "rVert", "rbrace", "rbrack");
    private static final Set<String> UNSUPPORTED = Set.of("rfloor", "rceil", "dots", "ldots", "cdots", "vdots", "ddots", "int", "iint",
            "oint", "lim", "to", "rightarrow", "Rightarrow", "implies", "iff", "Leftrightarrow", "forall", "exists",
            "subset", "subseteq", "supset", "cdotp", "hfill", "item", "label", "ref", "cite", "end", "newline",
            "mathbb", "therefore", "because", "pmod", "bmod", "mod", "perp", "parallel", "angle", "triangle", "square",
            "not", "neg", "land", "lor", "wedge", "vee", "partial", "nabla", "prime", "choose");

    /** {@code \sum_{k=0}^{n} body}: kept as a structure (compared canonically, not evaluated). */
    private MathExpr bigOperator(String name) {
        MathExpr lower = null;
        MathExpr upper = null;
        for (int k = 0; k < 2; k++) {
            if (at(Kind.UNDERSCORE) && lower == null) {
                next();
                lower = readArg();
            } else if (at(Kind.CARET) && upper == null) {
                next();
                upper = parseExponent();
            }
        }
        MathExpr body = parseTerm();
        List<MathExpr> args = new ArrayList<>();
        args.add(body);
        args.add(lower == null ? new Text("") : lower);
        args.add(upper == null ? new Text("") : upper);
        return new Fn(name, args);
    }

    private MathExpr function(String rawName) {
        String name = switch (rawName) {
            case "arcsin" -> "asin";
            case "arccos" -> "acos";
            case "arctan" -> "atan";
            case "cosec" -> "csc";
            case "lg" -> "log10";
            default -> rawName;
        };
        MathExpr power = null;
        MathExpr base = null;
        for (int k = 0; k < 2; k++) {
            if (at(Kind.CARET) && power == null) {
                next();
                power = parseExponent();
            } else if (at(Kind.UNDERSCORE) && base == null) {
                next();
                base = readArg();
            }
        }
        boolean inverse = power instanceof Neg n && n.operand() instanceof Num one && one.value().equals(BigRational.ONE);
        if (inverse) {
            power = null;
            name = switch (name) {
                case "sin" -> "asin";
                case "cos" -> "acos";
                case "tan" -> "atan";
                default -> throw new ParseFailure("unsupported inverse function " + name);
            };
        }
        List<MathExpr> args = new ArrayList<>();
        if (name.equals("sqrt")) {
            args.add(readArg());
        } else if (at(Kind.LPAREN)) {
            next();
            MathExpr inner = parseList(true);
            expect(Kind.RPAREN);
            if (inner instanceof Seq s) {
                args.addAll(s.items());
            } else {
                args.add(inner);
            }
        } else if (at(Kind.LBRACE)) {
            args.add(readArg());
        } else {
            // \sin 2x: the argument is the following run of numbers, letters and powers
            MathExpr arg = parsePower();
            while (at(Kind.NUM) || at(Kind.WORD) && !FUNCTIONS.contains(peek().text()) && !isConnective(peek().text())
                    && !UNITS.contains(peek().text()) || at(Kind.MACRO) && GREEK.contains(peek().text())) {
                arg = times(arg, parsePower());
            }
            args.add(arg);
        }
        if (name.equals("log") && base != null) {
            args.add(base);
        } else if (name.equals("log10")) {
            name = "log";
            args.add(MathExpr.Num.of(10));
        }
        if (args.isEmpty()) {
            throw new ParseFailure(name + " without an argument");
        }
        MathExpr f = new Fn(name, args);
        return power == null ? f : new Pow(f, power);
    }

    private MathExpr environment() {
        String env = braceWord();
        switch (env) {
            case "pmatrix", "bmatrix", "Bmatrix", "matrix", "smallmatrix", "vmatrix", "Vmatrix", "array" -> {
            }
            default -> throw new ParseFailure("unsupported environment " + env);
        }
        if (env.equals("array") && at(Kind.LBRACE)) {
            skipBalanced();
        }
        List<List<MathExpr>> rows = new ArrayList<>();
        List<MathExpr> row = new ArrayList<>();
        while (true) {
            if (at(Kind.MACRO, "end")) {
                next();
                String closing = braceWord();
                if (!closing.equals(env)) {
                    throw new ParseFailure("\\begin{" + env + "} closed by \\end{" + closing + "}");
                }
                break;
            }
            if (at(Kind.EOF)) {
                throw new ParseFailure("unclosed environment " + env);
            }
            if (at(Kind.MACRO, "hline") || at(Kind.MACRO, "cline")) {
                next();
                continue;
            }
            if (at(Kind.AMP) || at(Kind.ROWSEP)) {
                throw new ParseFailure("empty matrix cell");
            }
            row.add(parseAdditive());
            if (at(Kind.AMP)) {
                next();
            } else if (at(Kind.ROWSEP)) {
                next();
                rows.add(row);
                row = new ArrayList<>();
            }
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new ParseFailure("empty matrix");
        }
        int cols = rows.get(0).size();
        for (List<MathExpr> r : rows) {
            if (r.size() != cols) {
                throw new ParseFailure("ragged matrix");
            }
        }
        MathExpr m = new Matrix(rows);
        return env.startsWith("v") || env.startsWith("V") ? new Fn("det", List.of(m)) : m;
    }

    private String braceWord() {
        expect(Kind.LBRACE);
        StringBuilder sb = new StringBuilder();
        while (!at(Kind.RBRACE)) {
            Tok t = next();
            if (t.kind() == Kind.EOF) {
                throw new ParseFailure("unclosed environment name");
            }
            sb.append(t.text());
        }
        next();
        return sb.toString().replace("*", "");
    }
}
