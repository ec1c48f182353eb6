package dev.arbiter.core.group;

import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.Params;

import java.util.List;

/**
 * Makes group transforms of one type from spec parameters; found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.arbiter.core.group.GroupTransformFactory}). The same conventions as reward factories.
 */
public interface GroupTransformFactory {
    String name();

    int version();

    String family();

    String description();

    default String source() {
        return "";
    }

    List<Param> parameters();

    GroupTransform create(Params params);
}
