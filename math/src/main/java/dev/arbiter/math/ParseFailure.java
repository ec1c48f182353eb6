package dev.arbiter.math;

/** An answer text that is not a mathematical expression this parser understands. Cheap: no stack trace. */
final class ParseFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ParseFailure(String message) {
        super(message, null, false, false);
    }
}
