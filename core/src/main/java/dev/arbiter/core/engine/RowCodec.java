package dev.arbiter.core.engine;

import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;

/**
 * Turns input records of some format into samples and scored records back into output. Implementations must not
 * throw: a record that cannot be read becomes a {@link Prepared} with an early {@code invalid_input} result.
 *
 * @param <I> an input record (for example one JSON line)
 * @param <R> a parsed row, kept to render the output
 * @param <O> an output record
 */
public interface RowCodec<I, R, O> {

    /** A parsed row and the sample to score, or the result it gets without scoring. */
    record Prepared<R>(R row, Sample sample, RewardResult early) {
        public static <R> Prepared<R> of(R row, Sample sample) {
            return new Prepared<>(row, sample, null);
        }

        public static <R> Prepared<R> rejected(R row, RewardResult result) {
            return new Prepared<>(row, null, result);
        }
    }

    /** Parses the {@code index}-th (0-based) input record. */
    Prepared<R> prepare(long index, I input);

    /** The output for a prepared row and its result. */
    O render(long index, R row, RewardResult result);

    /** The output for an input record that was never prepared (its evaluation was abandoned while parsing). */
    O renderUnprepared(long index, I input, RewardResult result);
}
