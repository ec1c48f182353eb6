package dev.arbiter.models.rm.jinja;

import dev.arbiter.models.rm.jinja.Node.Signature;
import dev.arbiter.models.rm.jinja.Node.Target;
import dev.arbiter.models.rm.jinja.Token.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds the tree from the token stream, following jinja2's grammar (its {@code parser.py}): the same operator
 * precedence (tests and filters bind to the unary operand, {@code ~} between {@code +} and {@code *}), inline
 * {@code if} without {@code else}, tuples without parentheses in {@code set} and {@code for}, and slices. Statements:
 * {@code for} (with {@code if} filter and {@code else}), {@code if}/{@code elif}/{@code else}, {@code set} (also the
 * block form and {@code ns.attr}), {@code macro}, {@code call}, {@code filter}, {@code with}, {@code break},
 * {@code continue} and transformers' {@code generation}. Unknown filters and tests are errors here, as jinja2 reports
 * them when it compiles the template.
 */
final class Parser {
    private static final int MAX_NESTING = 200;
    private static final Set<String> COMPARE = Set.of("==", "!=", "<", ">", "<=", ">=");

    private final List<Token> tokens;
    private int i;
    private int nesting;
    private int loops;
    /** Inside an if statement or inline if (jinja2's soft frames): unknown filters/tests fail only when reached. */
    private int soft;
    /** Unknown filters and tests seen so far: line, name, and whether they were in a soft frame. */
    private final List<Object[]> unknown = new ArrayList<>();

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static List<Node> parse(String source) {
        Parser p = new Parser(Lexer.tokenize(source));
        List<Node> body = p.subparse(null);
        if (!p.cur().is(Type.EOF)) {
            throw p.fail("unexpected " + p.cur().describe());
        }
        for (Object[] u : p.unknown) {
            if (!(Boolean) u[2]) {
                throw JinjaException.syntax((Integer) u[0], "no " + u[1]);
            }
        }
        return body;
    }

    // ---- token stream

    private Token cur() {
        return tokens.get(i);
    }

    private Token look() {
        return tokens.get(Math.min(i + 1, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(i);
        if (i < tokens.size() - 1) {
            i++;
        }
        return t;
    }

    private JinjaException fail(String message) {
        return JinjaException.syntax(cur().line(), message);
    }

    private Token expect(Type type) {
        if (!cur().is(type)) {
            throw fail("expected " + type.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ", got "
                    + cur().describe());
        }
        return next();
    }

    private void expectOp(String op) {
        if (!cur().isOp(op)) {
            throw fail("expected '" + op + "', got " + cur().describe());
        }
        next();
    }

    private String expectName() {
        return expect(Type.NAME).value();
    }

    private boolean skipOp(String op) {
        if (cur().isOp(op)) {
            next();
            return true;
        }
        return false;
    }

    private boolean skipName(String name) {
        if (cur().isName(name)) {
            next();
            return true;
        }
        return false;
    }

    private void enter() {
        if (++nesting > MAX_NESTING) {
            throw fail("the template is nested too deeply");
        }
    }

    // ---- statements

    /** Nodes up to a block tag whose name is in {@code end} (the tag's name is the current token then). */
    private List<Node> subparse(Set<String> end) {
        enter();
        List<Node> body = new ArrayList<>();
        while (true) {
            Token t = cur();
            switch (t.type()) {
                case DATA -> body.add(new Node.Text(next().value()));
                case VAR_BEGIN -> {
                    next();
                    Expr e = parseTuple(false, true, Set.of(), false);
                    expect(Type.VAR_END);
                    body.add(new Node.Output(e, t.line()));
                }
                case BLOCK_BEGIN -> {
                    next();
                    if (end != null && cur().is(Type.NAME) && end.contains(cur().value())) {
                        nesting--;
                        return body;
                    }
                    body.add(statement());
                    expect(Type.BLOCK_END);
                }
                case EOF -> {
                    if (end != null) {
                        throw fail("unexpected end of template; jinja was looking for one of: "
                                + String.join(", ", end.stream().sorted().toList()));
                    }
                    nesting--;
                    return body;
                }
                default -> throw fail("unexpected " + t.describe());
            }
        }
    }

    /** The body after a statement's head, up to one of {@code end}; with {@code drop}, the end name is consumed. */
    private List<Node> statements(Set<String> end, boolean drop) {
        skipOp(":");
        expect(Type.BLOCK_END);
        List<Node> body = subparse(end);
        if (drop) {
            next();
        }
        return body;
    }

    /** A body in a new frame (loop, macro, call, filter, with, block set): not soft, even inside an if. */
    private List<Node> innerStatements(Set<String> end, boolean drop) {
        int saved = soft;
        soft = 0;
        try {
            return statements(end, drop);
        } finally {
            soft = saved;
        }
    }

    private Node statement() {
        Token t = cur();
        if (!t.is(Type.NAME)) {
            throw fail("tag name expected");
        }
        int line = t.line();
        switch (t.value()) {
            case "for" -> {
                return parseFor(line);
            }
            case "if" -> {
                return parseIf(line);
            }
            case "set" -> {
                return parseSet(line);
            }
            case "macro" -> {
                next();
                String name = expectName();
                Signature sig = signature();
                int saved = loops;
                loops = 0;
                List<Node> body = innerStatements(Set.of("endmacro"), true);
                loops = saved;
                return new Node.Macro(name, sig, body, line);
            }
            case "call" -> {
                next();
                Signature sig = cur().isOp("(") ? signature() : new Signature(List.of(), List.of());
                Expr call = parseExpression(true);
                if (!(call instanceof Expr.Call c)) {
                    throw JinjaException.syntax(line, "expected call");
                }
                return new Node.CallBlock(c, sig, innerStatements(Set.of("endcall"), true), line);
            }
            case "filter" -> {
                next();
                Expr f = parseFilter(null, true);
                return new Node.FilterBlock(f, innerStatements(Set.of("endfilter"), true), line);
            }
            case "with" -> {
                next();
                List<Target> targets = new ArrayList<>();
                List<Expr> values = new ArrayList<>();
                while (!cur().is(Type.BLOCK_END)) {
                    if (!targets.isEmpty()) {
                        expectOp(",");
                    }
                    targets.add(assignTarget(false));
                    expectOp("=");
                    values.add(parseExpression(true));
                }
                return new Node.With(targets, values, innerStatements(Set.of("endwith"), true), line);
            }
            case "generation" -> {
                next();
                return new Node.Block(statements(Set.of("endgeneration"), true));
            }
            case "break", "continue" -> {
                next();
                if (loops == 0) {
                    throw JinjaException.syntax(line, "'" + t.value() + "' outside of a loop");
                }
                return t.value().equals("break") ? new Node.Break(line) : new Node.Continue(line);
            }
            default -> throw JinjaException.syntax(line, "encountered unknown tag '" + t.value() + "'");
        }
    }

    private Node parseFor(int line) {
        next();
        Target target = assignTarget(true);
        if (!skipName("in")) {
            throw fail("expected 'in', got " + cur().describe());
        }
        Expr iter = parseTuple(false, false, Set.of("recursive"), false);
        Expr filter = null;
        if (skipName("if")) {
            filter = parseExpression(true);
        }
        if (cur().isName("recursive")) {
            throw fail("recursive loops are not supported");
        }
        loops++;
        List<Node> body = innerStatements(Set.of("endfor", "else"), false);
        loops--;
        List<Node> orElse = List.of();
        if (next().value().equals("else")) {
            orElse = statements(Set.of("endfor"), true);
        }
        return new Node.For(target, iter, filter, body, orElse, line);
    }

    private Node parseIf(int line) {
        soft++;
        try {
            return parseIfBody(line);
        } finally {
            soft--;
        }
    }

    private Node parseIfBody(int line) {
        next();
        List<Expr> tests = new ArrayList<>();
        List<List<Node>> bodies = new ArrayList<>();
        tests.add(parseTuple(false, false, Set.of(), false));
        bodies.add(statements(Set.of("elif", "else", "endif"), false));
        List<Node> orElse = List.of();
        while (true) {
            String tag = next().value();
            if (tag.equals("elif")) {
                tests.add(parseTuple(false, false, Set.of(), false));
                bodies.add(statements(Set.of("elif", "else", "endif"), false));
            } else {
                if (tag.equals("else")) {
                    orElse = statements(Set.of("endif"), true);
                }
                break;
            }
        }
        return new Node.If(tests, bodies, orElse, line);
    }

    private Node parseSet(int line) {
        next();
        Target target;
        if (cur().is(Type.NAME) && look().isOp(".")) {
            String name = next().value();
            next();
            target = new Target.NsAttr(name, expectName());
        } else {
            target = assignTarget(true);
        }
        if (skipOp("=")) {
            return new Node.Set(target, parseTuple(false, true, Set.of(), false), line);
        }
        Expr filter = cur().isOp("|") ? parseFilter(null, false) : null;
        return new Node.SetBlock(target, filter, innerStatements(Set.of("endset"), true), line);
    }

    /** A name, or names separated by commas (optionally parenthesised), to assign to. */
    private Target assignTarget(boolean withTuple) {
        List<Target> items = new ArrayList<>();
        boolean tuple = false;
        while (true) {
            if (!items.isEmpty()) {
                if (!withTuple || !skipOp(",")) {
                    break;
                }
                tuple = true;
                if (!cur().is(Type.NAME) && !cur().isOp("(")) {
                    break;
                }
            }
            if (skipOp("(")) {
                Target inner = assignTarget(true);
                expectOp(")");
                items.add(inner instanceof Target.Unpack ? inner : new Target.Unpack(List.of(inner)));
            } else {
                String name = expectName();
                if (Set.of("true", "false", "none", "True", "False", "None").contains(name)) {
                    throw fail("can't assign to '" + name + "'");
                }
                items.add(new Target.Name(name));
            }
        }
        return tuple ? new Target.Unpack(items) : items.get(0);
    }

    private Signature signature() {
        expectOp("(");
        List<String> names = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        while (!cur().isOp(")")) {
            if (!names.isEmpty()) {
                expectOp(",");
                if (cur().isOp(")")) {
                    break;
                }
            }
            names.add(expectName());
            defaults.add(skipOp("=") ? parseExpression(true) : null);
        }
        expectOp(")");
        return new Signature(names, defaults);
    }

    // ---- expressions

    Expr parseExpression(boolean withCondexpr) {
        return withCondexpr ? parseCondexpr() : parseOr();
    }

    private Expr parseCondexpr() {
        int line = cur().line();
        int mark = unknown.size();
        Expr e = parseOr();
        while (skipName("if")) {
            for (int k = mark; k < unknown.size(); k++) {
                unknown.get(k)[2] = true;
            }
            soft++;
            try {
                Expr test = parseOr();
                Expr orElse = skipName("else") ? parseCondexpr() : null;
                e = new Expr.Cond(test, e, orElse, line);
            } finally {
                soft--;
            }
        }
        return e;
    }

    private Expr parseOr() {
        Expr left = parseAnd();
        while (skipName("or")) {
            left = new Expr.Or(left, parseAnd());
        }
        return left;
    }

    private Expr parseAnd() {
        Expr left = parseNot();
        while (skipName("and")) {
            left = new Expr.And(left, parseNot());
        }
        return left;
    }

    private Expr parseNot() {
        if (skipName("not")) {
            enter();
            Expr e = new Expr.Not(parseNot());
            nesting--;
            return e;
        }
        return parseCompare();
    }

    private Expr parseCompare() {
        int line = cur().line();
        Expr first = parseMath1();
        List<String> ops = new ArrayList<>();
        List<Expr> rest = new ArrayList<>();
        while (true) {
            Token t = cur();
            if (t.is(Type.OP) && COMPARE.contains(t.value())) {
                next();
                ops.add(t.value());
            } else if (t.isName("in")) {
                next();
                ops.add("in");
            } else if (t.isName("not") && look().isName("in")) {
                next();
                next();
                ops.add("notin");
            } else {
                break;
            }
            rest.add(parseMath1());
        }
        return ops.isEmpty() ? first : new Expr.Compare(first, ops, rest, line);
    }

    private Expr parseMath1() {
        Expr left = parseConcat();
        while (cur().isOp("+") || cur().isOp("-")) {
            Token op = next();
            left = new Expr.Binary(op.value(), left, parseConcat(), op.line());
        }
        return left;
    }

    private Expr parseConcat() {
        List<Expr> items = new ArrayList<>();
        items.add(parseMath2());
        while (skipOp("~")) {
            items.add(parseMath2());
        }
        return items.size() == 1 ? items.get(0) : new Expr.Concat(items);
    }

    private Expr parseMath2() {
        Expr left = parsePow();
        while (cur().isOp("*") || cur().isOp("/") || cur().isOp("//") || cur().isOp("%")) {
            Token op = next();
            left = new Expr.Binary(op.value(), left, parsePow(), op.line());
        }
        return left;
    }

    private Expr parsePow() {
        Expr left = parseUnary(true);
        while (cur().isOp("**")) {
            Token op = next();
            left = new Expr.Binary("**", left, parseUnary(true), op.line());
        }
        return left;
    }

    private Expr parseUnary(boolean withFilter) {
        enter();
        Token t = cur();
        Expr node;
        if (t.isOp("-")) {
            next();
            node = new Expr.Neg(parseUnary(false), t.line());
        } else if (t.isOp("+")) {
            next();
            node = new Expr.Pos(parseUnary(false), t.line());
        } else {
            node = parsePrimary();
        }
        node = parsePostfix(node);
        if (withFilter) {
            node = parseFilterExpr(node);
        }
        nesting--;
        return node;
    }

    private Expr parsePrimary() {
        Token t = cur();
        switch (t.type()) {
            case NAME -> {
                next();
                return switch (t.value()) {
                    case "true", "True" -> new Expr.Const(Boolean.TRUE);
                    case "false", "False" -> new Expr.Const(Boolean.FALSE);
                    case "none", "None" -> new Expr.Const(null);
                    default -> new Expr.Name(t.value(), t.line());
                };
            }
            case STRING -> {
                StringBuilder sb = new StringBuilder(next().value());
                while (cur().is(Type.STRING)) {
                    sb.append(next().value());
                }
                return new Expr.Const(sb.toString());
            }
            case INTEGER -> {
                next();
                return new Expr.Const(parseInt(t));
            }
            case FLOAT -> {
                next();
                try {
                    return new Expr.Const(Double.parseDouble(t.value()));
                } catch (NumberFormatException e) {
                    throw JinjaException.syntax(t.line(), "bad float literal " + t.value());
                }
            }
            case OP -> {
                if (t.isOp("(")) {
                    next();
                    Expr e = parseTuple(false, true, Set.of(), true);
                    expectOp(")");
                    return e;
                }
                if (t.isOp("[")) {
                    return parseList();
                }
                if (t.isOp("{")) {
                    return parseDict();
                }
                throw fail("unexpected '" + t.value() + "'");
            }
            default -> throw fail("unexpected " + t.describe());
        }
    }

    private static Object parseInt(Token t) {
        String v = t.value().toLowerCase(java.util.Locale.ROOT);
        try {
            if (v.startsWith("0x")) {
                return Long.parseLong(v.substring(2), 16);
            }
            if (v.startsWith("0o")) {
                return Long.parseLong(v.substring(2), 8);
            }
            if (v.startsWith("0b")) {
                return Long.parseLong(v.substring(2), 2);
            }
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw JinjaException.syntax(t.line(), "integer literal out of range: " + t.value());
        }
    }

    /**
     * jinja2's parse_tuple: one expression, or several separated by commas (a tuple). {@code simplified} parses only
     * primaries; {@code explicitParens} allows the empty tuple.
     */
    private Expr parseTuple(boolean simplified, boolean withCondexpr, Set<String> extraEnd, boolean explicitParens) {
        List<Expr> items = new ArrayList<>();
        boolean tuple = false;
        while (true) {
            if (!items.isEmpty()) {
                expectOp(",");
            }
            if (tupleEnd(extraEnd)) {
                break;
            }
            items.add(simplified ? parsePrimary() : parseExpression(withCondexpr));
            if (cur().isOp(",")) {
                tuple = true;
            } else {
                break;
            }
        }
        if (!tuple) {
            if (!items.isEmpty()) {
                return items.get(0);
            }
            if (!explicitParens) {
                throw fail("expected an expression, got " + cur().describe());
            }
        }
        return new Expr.TupleLit(items);
    }

    private boolean tupleEnd(Set<String> extraEnd) {
        Token t = cur();
        return t.is(Type.VAR_END) || t.is(Type.BLOCK_END) || t.isOp(")")
                || (t.is(Type.NAME) && extraEnd.contains(t.value()));
    }

    private Expr parseList() {
        expectOp("[");
        List<Expr> items = new ArrayList<>();
        while (!cur().isOp("]")) {
            if (!items.isEmpty()) {
                expectOp(",");
            }
            if (cur().isOp("]")) {
                break;
            }
            items.add(parseExpression(true));
        }
        expectOp("]");
        return new Expr.ListLit(items);
    }

    private Expr parseDict() {
        expectOp("{");
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (!cur().isOp("}")) {
            if (!keys.isEmpty()) {
                expectOp(",");
            }
            if (cur().isOp("}")) {
                break;
            }
            keys.add(parseExpression(true));
            expectOp(":");
            values.add(parseExpression(true));
        }
        expectOp("}");
        return new Expr.DictLit(keys, values);
    }

    private Expr parsePostfix(Expr node) {
        while (true) {
            if (cur().isOp(".") || cur().isOp("[")) {
                node = parseSubscript(node);
            } else if (cur().isOp("(")) {
                node = parseCall(node);
            } else {
                return node;
            }
        }
    }

    private Expr parseFilterExpr(Expr node) {
        while (true) {
            if (cur().isOp("|")) {
                node = parseFilter(node, false);
            } else if (cur().isName("is")) {
                node = parseTest(node);
            } else if (cur().isOp("(")) {
                node = parseCall(node);
            } else {
                return node;
            }
        }
    }

    private Expr parseSubscript(Expr node) {
        Token t = next();
        if (t.isOp(".")) {
            Token attr = next();
            if (attr.is(Type.NAME)) {
                return new Expr.GetAttr(node, attr.value(), attr.line());
            }
            if (attr.is(Type.INTEGER)) {
                return new Expr.GetItem(node, new Expr.Const(parseInt(attr)), attr.line());
            }
            throw JinjaException.syntax(attr.line(), "expected name or number");
        }
        List<Expr> args = new ArrayList<>();
        while (!cur().isOp("]")) {
            if (!args.isEmpty()) {
                expectOp(",");
            }
            args.add(parseSubscribed());
        }
        expectOp("]");
        Expr key = args.size() == 1 ? args.get(0) : new Expr.TupleLit(args);
        return new Expr.GetItem(node, key, t.line());
    }

    private Expr parseSubscribed() {
        Expr start = null;
        if (cur().isOp(":")) {
            next();
        } else {
            Expr e = parseExpression(true);
            if (!cur().isOp(":")) {
                return e;
            }
            next();
            start = e;
        }
        Expr stop = null;
        if (!cur().isOp(":") && !cur().isOp("]") && !cur().isOp(",")) {
            stop = parseExpression(true);
        }
        Expr step = null;
        if (skipOp(":") && !cur().isOp("]") && !cur().isOp(",")) {
            step = parseExpression(true);
        }
        return new Expr.Slice(start, stop, step);
    }

    private Expr parseCall(Expr node) {
        int line = cur().line();
        return new Expr.Call(node, callArgs(), line);
    }

    private Expr.Args callArgs() {
        expectOp("(");
        List<Expr> positional = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        boolean comma = false;
        while (!cur().isOp(")")) {
            if (comma) {
                expectOp(",");
                if (cur().isOp(")")) {
                    break;
                }
            }
            if (cur().isOp("*") || cur().isOp("**")) {
                throw fail("*args and **kwargs in calls are not supported");
            }
            if (cur().is(Type.NAME) && look().isOp("=")) {
                String key = next().value();
                next();
                if (names.contains(key)) {
                    throw fail("keyword argument repeated: " + key);
                }
                names.add(key);
                values.add(parseExpression(true));
            } else {
                if (!names.isEmpty()) {
                    throw fail("positional argument follows keyword argument");
                }
                positional.add(parseExpression(true));
            }
            comma = true;
        }
        expectOp(")");
        return new Expr.Args(positional, names, values);
    }

    private Expr parseFilter(Expr node, boolean startInline) {
        while (cur().isOp("|") || startInline) {
            if (!startInline) {
                next();
            }
            startInline = false;
            Token t = cur();
            String name = expectName();
            while (skipOp(".")) {
                name += "." + expectName();
            }
            if (!Builtins.hasFilter(name)) {
                unknown.add(new Object[] {t.line(), "filter named '" + name + "'", soft > 0});
            }
            Expr.Args args = cur().isOp("(") ? callArgs() : Expr.Args.NONE;
            node = new Expr.Filter(node, name, args, t.line());
        }
        return node;
    }

    private Expr parseTest(Expr node) {
        Token is = next();
        boolean negated = skipName("not");
        String name = expectName();
        while (skipOp(".")) {
            name += "." + expectName();
        }
        if (!Builtins.hasTest(name)) {
            unknown.add(new Object[] {is.line(), "test named '" + name + "'", soft > 0});
        }
        Expr.Args args = Expr.Args.NONE;
        Token t = cur();
        if (t.isOp("(")) {
            args = callArgs();
        } else if ((t.is(Type.NAME) || t.is(Type.STRING) || t.is(Type.INTEGER) || t.is(Type.FLOAT) || t.isOp("(")
                || t.isOp("[") || t.isOp("{")) && !t.isName("else") && !t.isName("or") && !t.isName("and")) {
            if (t.isName("is")) {
                throw fail("you cannot chain multiple tests with is");
            }
            Expr arg = parsePostfix(parsePrimary());
            args = new Expr.Args(List.of(arg), List.of(), List.of());
        }
        Expr test = new Expr.Test(node, name, args, is.line());
        return negated ? new Expr.Not(test) : test;
    }
}
