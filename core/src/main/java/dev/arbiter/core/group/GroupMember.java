package dev.arbiter.core.group;

import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;

/**
 * One rollout of a group as a group transform sees it: the sample and its per-sample result.
 *
 * @param sample the scored sample (its {@code meta} carries extra inputs such as reference rewards or log-ratios)
 * @param result its result; only {@code ok} results carry a meaningful score
 */
public record GroupMember(Sample sample, RewardResult result) {
}
