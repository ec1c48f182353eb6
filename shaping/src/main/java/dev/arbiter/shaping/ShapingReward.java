package dev.arbiter.shaping;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;

/**
 * The frame of the per-sample shaping types: a sample without a response is {@code invalid_input} (as for every
 * reward type), and a failed child reward's status is passed through with the child's name.
 */
abstract class ShapingReward implements Reward {
    private final RewardSignature signature;

    ShapingReward(RewardSignature signature) {
        this.signature = signature;
    }

    @Override
    public final RewardSignature signature() {
        return signature;
    }

    @Override
    public final RewardResult score(Sample sample, Deadline deadline) {
        References.response(sample);
        try {
            return compute(sample, deadline);
        } catch (Inputs.ChildFailed e) {
            return e.result();
        }
    }

    abstract RewardResult compute(Sample sample, Deadline deadline);

    @Override
    public String toString() {
        return signature.text();
    }
}
