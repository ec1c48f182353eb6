package dev.arbiter.core.group;

import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.TypeInfo;

/**
 * Makes group transforms of one type from spec parameters; found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.arbiter.core.group.GroupTransformFactory}). The same conventions as reward factories.
 */
public interface GroupTransformFactory extends TypeInfo {

    GroupTransform create(Params params);
}
