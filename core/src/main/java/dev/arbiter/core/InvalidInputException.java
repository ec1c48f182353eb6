package dev.arbiter.core;

/** Thrown by a reward when the sample cannot be scored as given; the engine turns it into an {@code invalid_input} result. */
public final class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message, null, false, false);
    }
}
