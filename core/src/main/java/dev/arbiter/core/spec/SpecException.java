package dev.arbiter.core.spec;

/** A spec that cannot be resolved. The message names the place: source, line and key. */
public final class SpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SpecException(String message) {
        super(message);
    }
}
