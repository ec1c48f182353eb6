package dev.arbiter.models.rm.jinja;

import java.util.List;

/** Template expressions (the parsed tree). */
sealed interface Expr {
    record Const(Object value) implements Expr { }

    record Name(String name, int line) implements Expr { }

    record ListLit(List<Expr> items) implements Expr { }

    record TupleLit(List<Expr> items) implements Expr { }

    record DictLit(List<Expr> keys, List<Expr> values) implements Expr { }

    record GetAttr(Expr obj, String name, int line) implements Expr { }

    record GetItem(Expr obj, Expr key, int line) implements Expr { }

    /** {@code a[start:stop:step]}; null parts are left out. */
    record Slice(Expr start, Expr stop, Expr step) implements Expr { }

    /** Call arguments: positional, then keyword. */
    record Args(List<Expr> positional, List<String> names, List<Expr> values) {
        static final Args NONE = new Args(List.of(), List.of(), List.of());
    }

    record Call(Expr fn, Args args, int line) implements Expr { }

    /** {@code value | name(args)}; value is null inside filter blocks (the body's text is filtered). */
    record Filter(Expr value, String name, Args args, int line) implements Expr { }

    record Test(Expr value, String name, Args args, int line) implements Expr { }

    record Not(Expr operand) implements Expr { }

    record Neg(Expr operand, int line) implements Expr { }

    record Pos(Expr operand, int line) implements Expr { }

    /** Arithmetic: {@code + - * / // % **}. */
    record Binary(String op, Expr left, Expr right, int line) implements Expr { }

    /** {@code a ~ b ~ c}: string concatenation. */
    record Concat(List<Expr> items) implements Expr { }

    record And(Expr left, Expr right) implements Expr { }

    record Or(Expr left, Expr right) implements Expr { }

    /** A comparison chain {@code a < b <= c}; ops are {@code == != < > <= >= in notin}. */
    record Compare(Expr first, List<String> ops, List<Expr> rest, int line) implements Expr { }

    /** {@code then if test else orElse}; orElse null gives undefined. */
    record Cond(Expr test, Expr then, Expr orElse, int line) implements Expr { }
}
