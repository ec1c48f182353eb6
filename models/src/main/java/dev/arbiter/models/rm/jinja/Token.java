package dev.arbiter.models.rm.jinja;

/** A lexer token: template data, a delimiter, or a piece of an expression. */
record Token(Type type, String value, int line) {
    enum Type { DATA, VAR_BEGIN, VAR_END, BLOCK_BEGIN, BLOCK_END, NAME, STRING, INTEGER, FLOAT, OP, EOF }

    boolean is(Type t) {
        return type == t;
    }

    boolean isOp(String op) {
        return type == Type.OP && value.equals(op);
    }

    boolean isName(String name) {
        return type == Type.NAME && value.equals(name);
    }

    String describe() {
        return switch (type) {
            case EOF -> "end of template";
            case VAR_END -> "end of print statement";
            case BLOCK_END -> "end of statement block";
            case DATA -> "template data";
            case STRING -> "string";
            default -> "'" + value + "'";
        };
    }
}
