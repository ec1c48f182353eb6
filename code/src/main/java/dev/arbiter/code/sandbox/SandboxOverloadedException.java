package dev.arbiter.code.sandbox;

/** The sandbox pool refused a run: every slot was busy and the wait queue was full, or the bounded wait ran out. */
public final class SandboxOverloadedException extends Exception {
    private static final long serialVersionUID = 1L;

    public SandboxOverloadedException(String message) {
        super(message, null, false, false);
    }
}
