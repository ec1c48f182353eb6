package dev.arbiter.core.spec;

import java.util.List;

/**
 * What every registered type says about itself (reward types and group transforms alike): the name used in specs,
 * the behaviour version that goes into signatures, where it comes from, and its declared parameters.
 */
public interface TypeInfo {

    /** The type name used in specs: lower snake_case, unique across the build. */
    String name();

    /** Bumped whenever the type's behaviour changes for the same parameters; part of the signature. */
    int version();

    /** The module that provides the type, such as {@code text} or {@code core}. */
    String family();

    /** One line: what the type computes and its range. */
    String description();

    /** The paper or tool the design follows, or an empty string. */
    default String source() {
        return "";
    }

    /** Every parameter the type accepts, in the order the signature prints them. */
    List<Param> parameters();
}
