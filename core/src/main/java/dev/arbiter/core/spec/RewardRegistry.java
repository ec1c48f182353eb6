package dev.arbiter.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Reward;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The reward types of this build, by name. Built once (usually from {@link ServiceLoader}), immutable afterwards,
 * and safe to share. Two factories with the same name are an error, never silently shadowed. It owns the
 * {@link SharedResources} of the rewards it builds; {@link #close()} releases them.
 */
public final class RewardRegistry implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private final Map<String, RewardFactory> factories;
    private final SharedResources resources = new SharedResources();

    public RewardRegistry(Collection<? extends RewardFactory> factories) {
        Map<String, RewardFactory> map = new TreeMap<>();
        for (RewardFactory f : factories) {
            String name = Objects.requireNonNull(f.name(), "factory name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("reward type name '" + name + "' of " + f.getClass().getName()
                        + " must be lower snake_case");
            }
            RewardFactory previous = map.put(name, f);
            if (previous != null) {
                throw new IllegalStateException("reward type '" + name + "' is registered twice: by "
                        + previous.getClass().getName() + " and by " + f.getClass().getName());
            }
        }
        this.factories = Collections.unmodifiableMap(map);
    }

    /** Every factory listed by the modules on the class path. */
    public static RewardRegistry fromServiceLoader() {
        return fromServiceLoader(RewardRegistry.class.getClassLoader());
    }

    public static RewardRegistry fromServiceLoader(ClassLoader loader) {
        List<RewardFactory> found = new ArrayList<>();
        ServiceLoader.load(RewardFactory.class, loader).forEach(found::add);
        return new RewardRegistry(found);
    }

    /** What rewards built from this registry share (loaded models, pools). */
    public SharedResources resources() {
        return resources;
    }

    /** Closes the shared resources; rewards built from this registry must not be used afterwards. */
    @Override
    public void close() {
        resources.close();
    }

    /** The factories, sorted by name. */
    public Collection<RewardFactory> factories() {
        return factories.values();
    }

    public RewardFactory factory(String name) {
        RewardFactory f = factories.get(name);
        if (f == null) {
            throw new SpecException("unknown reward type '" + name + "'; known types: " + knownTypes());
        }
        return f;
    }

    public String knownTypes() {
        return String.join(", ", factories.keySet());
    }

    /** Builds the reward a spec node describes: a map with {@code type}, or a bare type name. */
    public Reward build(SpecNode node) {
        return build(node, List.of());
    }

    Reward build(SpecNode node, List<String> reservedKeys) {
        JsonNode n = node.node();
        if (n != null && n.isTextual()) {
            ObjectNode obj = JsonNodeFactory.instance.objectNode();
            obj.put("type", n.asText());
            node = new SpecNode(node.sourceName(), node.pointer(), obj, node.locations());
            n = obj;
        }
        if (n == null || !n.isObject()) {
            throw node.error("expected a reward spec (a map with 'type', or a type name), got " + Params.describe(n));
        }
        JsonNode type = n.get("type");
        if (type == null || !type.isTextual()) {
            throw node.error("a reward spec needs 'type' (one of: " + knownTypes() + ")");
        }
        RewardFactory f = factories.get(type.asText());
        if (f == null) {
            throw node.child("type").error("unknown reward type '" + type.asText() + "'; known types: " + knownTypes());
        }
        Params params = new Params(f, node, this, reservedKeys);
        Reward reward = f.create(params);
        if (reward == null) {
            throw new IllegalStateException(f.getClass().getName() + " created no reward");
        }
        return reward;
    }
}
