package dev.arbiter.eval.benchmark;

/** Thrown while evaluating one item that cannot be evaluated; the item is reported as skipped with this reason. */
public final class ItemSkipped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ItemSkipped(String reason) {
        super(reason, null, false, false);
    }
}
