package dev.arbiter.core;

/** Thrown by {@link Deadline#check()} when the budget is spent; the engine turns it into a {@code timeout} result. */
public final class DeadlineExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeadlineExceededException(String message) {
        super(message, null, false, false);
    }
}
