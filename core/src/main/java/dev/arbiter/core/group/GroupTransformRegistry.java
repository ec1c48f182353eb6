package dev.arbiter.core.group;

import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.SpecNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The group transform types of this build, by name; immutable, duplicate names refused. */
public final class GroupTransformRegistry {
    private final Map<String, GroupTransformFactory> factories;

    public GroupTransformRegistry(Collection<? extends GroupTransformFactory> factories) {
        Map<String, GroupTransformFactory> map = new TreeMap<>();
        for (GroupTransformFactory f : factories) {
            GroupTransformFactory previous = map.put(f.name(), f);
            if (previous != null) {
                throw new IllegalStateException("group transform '" + f.name() + "' is registered twice: by "
                        + previous.getClass().getName() + " and by " + f.getClass().getName());
            }
        }
        this.factories = Collections.unmodifiableMap(map);
    }

    public static GroupTransformRegistry fromServiceLoader() {
        List<GroupTransformFactory> found = new ArrayList<>();
        ServiceLoader.load(GroupTransformFactory.class, GroupTransformRegistry.class.getClassLoader()).forEach(found::add);
        return new GroupTransformRegistry(found);
    }

    public Collection<GroupTransformFactory> factories() {
        return factories.values();
    }

    /** Builds the transform a spec node describes: a map with {@code type}, or a bare type name. */
    public GroupTransform build(SpecNode node, RewardRegistry rewards) {
        com.fasterxml.jackson.databind.JsonNode n = node.node();
        if (n != null && n.isTextual()) {
            com.fasterxml.jackson.databind.node.ObjectNode obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            obj.put("type", n.asText());
            node = new SpecNode(node.sourceName(), node.pointer(), obj, node.locations());
            n = obj;
        }
        if (n == null || !n.isObject() || !n.path("type").isTextual()) {
            throw node.error("expected a group transform spec (a map with 'type'); known types: " + known());
        }
        GroupTransformFactory f = factories.get(n.get("type").asText());
        if (f == null) {
            throw node.child("type").error("unknown group transform '" + n.get("type").asText() + "'; known types: " + known());
        }
        return f.create(new Params(f, node, rewards, List.of()));
    }

    private String known() {
        return factories.isEmpty() ? "(none in this build)" : String.join(", ", factories.keySet());
    }
}
