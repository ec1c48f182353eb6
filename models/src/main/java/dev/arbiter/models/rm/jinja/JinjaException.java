package dev.arbiter.models.rm.jinja;

/**
 * A template that cannot be parsed ({@link Kind#SYNTAX}), fails while rendering ({@link Kind#RENDER}: an undefined
 * value used, a type error, {@code raise_exception(...)}), or runs past its limits ({@link Kind#LIMIT}).
 */
public final class JinjaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind { SYNTAX, RENDER, LIMIT }

    private final Kind kind;
    private final int line;

    JinjaException(Kind kind, int line, String message) {
        super(message);
        this.kind = kind;
        this.line = line;
    }

    static JinjaException syntax(int line, String message) {
        return new JinjaException(Kind.SYNTAX, line, message);
    }

    static JinjaException render(String message) {
        return new JinjaException(Kind.RENDER, 0, message);
    }

    /** The same error placed on a template line, unless it already has one. */
    JinjaException at(int line) {
        return this.line > 0 || line <= 0 ? this : new JinjaException(kind, line, getMessage());
    }

    public Kind kind() {
        return kind;
    }

    /** The template line (1-based), or 0 when unknown. */
    public int line() {
        return line;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + (line > 0 ? " error on line " + line : " error") + ": "
                + getMessage();
    }
}
