package dev.arbiter.models.judge;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.models.Outcomes;
import dev.arbiter.models.remote.RemoteException;

/** A reward that asks a judge: a remote failure becomes {@code error} with its reason, never an exception or a 0. */
public interface JudgeReward extends Reward {

    /** Scores the sample; may throw {@link RemoteException}, which {@link #score} turns into a result. */
    RewardResult judge(Sample sample, Deadline deadline);

    @Override
    default RewardResult score(Sample sample, Deadline deadline) {
        try {
            return judge(sample, deadline);
        } catch (RemoteException e) {
            return Outcomes.remoteFailure(e);
        }
    }
}
