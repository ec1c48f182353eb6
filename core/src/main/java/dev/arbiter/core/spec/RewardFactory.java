package dev.arbiter.core.spec;

import dev.arbiter.core.Reward;

/**
 * Makes rewards of one type from spec parameters. Implementations are found with {@link java.util.ServiceLoader}
 * (listed in {@code META-INF/services/dev.arbiter.core.spec.RewardFactory}), so a new family never edits core.
 */
public interface RewardFactory extends TypeInfo {

    /** Builds a reward from validated parameters. May throw {@link SpecException} for invalid combinations. */
    Reward create(Params params);
}
