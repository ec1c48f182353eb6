package dev.arbiter.core.spec;

import dev.arbiter.core.Reward;

import java.util.List;

/**
 * Makes rewards of one type from spec parameters. Implementations are found with {@link java.util.ServiceLoader}
 * (listed in {@code META-INF/services/dev.arbiter.core.spec.RewardFactory}), so a new family never edits core.
 */
public interface RewardFactory {

    /** The type name used in specs: lower snake_case, unique across the build. */
    String name();

    /** Bumped whenever the type's behaviour changes for the same parameters; part of the signature. */
    int version();

    /** The module that provides the type, such as {@code text} or {@code core}. */
    String family();

    /** One line: what the reward measures and its score range. */
    String description();

    /** The paper or tool the design follows, or an empty string. */
    default String source() {
        return "";
    }

    /** Every parameter the type accepts, in the order the signature prints them. */
    List<Param> parameters();

    /** Builds a reward from validated parameters. May throw {@link SpecException} for invalid combinations. */
    Reward create(Params params);
}
