package dev.arbiter.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A reward: scores one {@link Sample}.
 *
 * <p>The contract every implementation keeps (checked for every family by the testkit's
 * {@code RewardContractTest}):
 * <ul>
 *   <li><b>Pure and thread-safe.</b> One instance scores many samples from many threads at once; the result depends
 *       only on the sample and the reward's parameters. No hidden state is carried from one sample to the next.</li>
 *   <li><b>Deterministic.</b> The same sample and parameters give the same result, to the bit.</li>
 *   <li><b>Bad input is a status, not an exception.</b> A sample that cannot be scored yields
 *       {@link Status#INVALID_INPUT} with a reason, either returned or thrown as {@link InvalidInputException}.</li>
 *   <li><b>Deadlines.</b> Any loop whose length depends on the input calls {@link Deadline#check()}; a spent budget
 *       ends as {@link Status#TIMEOUT}. Evaluations that ignore it are abandoned by the engine's watchdog.</li>
 *   <li><b>Scores are finite</b>; their range is stated in the type's description.</li>
 * </ul>
 * Callers should not call {@link #score} directly but through {@link Scoring#guarded}, which maps exceptions to
 * statuses, or through {@code dev.arbiter.core.engine.Evaluator}, which also enforces the deadline from outside.
 */
public interface Reward {

    /** The printable identity of this reward: type, version and every parameter's effective value. */
    RewardSignature signature();

    /**
     * Scores one sample. May throw {@link InvalidInputException} or {@link DeadlineExceededException}; any other
     * exception is reported as {@link Status#ERROR} by {@link Scoring#guarded}.
     */
    RewardResult score(Sample sample, Deadline deadline);

    /**
     * Scores several samples, one result per sample in order. The default loops; model-backed rewards override it
     * to batch. One bad sample never fails the others.
     */
    default List<RewardResult> scoreBatch(List<Sample> samples, Deadline deadline) {
        List<RewardResult> out = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            out.add(Scoring.guarded(this, s, deadline));
        }
        return out;
    }
}
