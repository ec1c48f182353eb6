package dev.arbiter.models.rm.jinja;

import java.util.List;

/** Template statements (the parsed tree). */
sealed interface Node {
    record Text(String text) implements Node { }

    record Output(Expr expr, int line) implements Node { }

    record If(List<Expr> tests, List<List<Node>> bodies, List<Node> orElse, int line) implements Node { }

    record For(Target target, Expr iter, Expr filter, List<Node> body, List<Node> orElse, int line) implements Node { }

    record Set(Target target, Expr value, int line) implements Node { }

    /** {@code {% set x | filters %}body{% endset %}}; {@code filter} applies to the body's text (null = none). */
    record SetBlock(Target target, Expr filter, List<Node> body, int line) implements Node { }

    record Macro(String name, Signature signature, List<Node> body, int line) implements Node { }

    /** {@code {% call(params) macro(args) %}body{% endcall %}}. */
    record CallBlock(Expr.Call call, Signature signature, List<Node> body, int line) implements Node { }

    /** {@code {% filter f %}body{% endfilter %}}: {@code filter} is applied to the body's text. */
    record FilterBlock(Expr filter, List<Node> body, int line) implements Node { }

    record With(List<Target> targets, List<Expr> values, List<Node> body, int line) implements Node { }

    /** A body rendered in place ({@code {% generation %}}, transformers' assistant-mask marker). */
    record Block(List<Node> body) implements Node { }

    record Break(int line) implements Node { }

    record Continue(int line) implements Node { }

    /** Macro parameters, each with an optional default (null). */
    record Signature(List<String> names, List<Expr> defaults) { }

    /** Assignment targets. */
    sealed interface Target {
        record Name(String name) implements Target { }

        record Unpack(List<Target> items) implements Target { }

        /** {@code ns.attr}: an attribute of a namespace. */
        record NsAttr(String name, String attr) implements Target { }
    }
}
