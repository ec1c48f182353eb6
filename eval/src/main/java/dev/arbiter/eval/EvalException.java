package dev.arbiter.eval;

/**
 * A run of {@code arbiter eval} or {@code arbiter probe} that cannot go on. The message names the file, the line or
 * item and the field; {@link #kind()} tells the command line which exit code to use.
 */
public final class EvalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, for exit codes. */
    public enum Kind {
        /** Bad usage: unknown benchmark or option, neither spec nor scores given, conflicting arguments (exit 2). */
        USAGE,
        /** The reward spec is invalid (exit 2). */
        SPEC,
        /** An input file is missing, unreadable or holds an item that cannot be evaluated in strict mode (exit 3). */
        INPUT,
        /** Writing the outputs failed (exit 1). */
        OUTPUT
    }

    private final Kind kind;

    public EvalException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public EvalException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The conventional exit code of the {@code arbiter} command for this kind: 2 usage/spec, 3 input, 1 output. */
    public int exitCode() {
        return switch (kind) {
            case USAGE, SPEC -> 2;
            case INPUT -> 3;
            case OUTPUT -> 1;
        };
    }
}
