package dev.arbiter.core.group;

import dev.arbiter.core.RewardSignature;

import java.util.List;

/**
 * Shapes the per-sample rewards of one group (the rollouts of one prompt): GRPO advantages, RLOO baselines,
 * preference-as-reward, filters. Applied after per-sample scoring; outputs record both the raw and the shaped value.
 *
 * <p>Contract: {@link #apply} never throws for NaN or infinite scores, groups of size 1, zero variance or non-ok
 * members; each such case has a documented result. A stateless transform is a pure function of its group. A stateful
 * one (running statistics, EMAs, sliding windows) implements {@link Stateful}: its whole state is explicit and
 * serializable, and groups are applied in input order, so a run is reproducible.
 */
public interface GroupTransform {

    RewardSignature signature();

    /**
     * Shapes one group.
     *
     * @param members the group's rollouts, in input order
     * @param step    the training step (or batch index) the group belongs to; 0 when unknown
     */
    GroupOutcome apply(List<GroupMember> members, long step);

    /** A transform whose output depends on groups seen before; its state can be saved and restored. */
    interface Stateful extends GroupTransform {
        /** The whole state as JSON. */
        com.fasterxml.jackson.databind.JsonNode saveState();

        /** Replaces the state with one saved by {@link #saveState()}. */
        void restoreState(com.fasterxml.jackson.databind.JsonNode state);
    }
}
