package dev.arbiter.server;

import dev.arbiter.core.spec.RewardSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The specs a server serves, by name; the first is the default. Immutable. */
final class LoadedSpecs {
    private final Map<String, NamedSpec> byName;
    private final NamedSpec defaultSpec;
    /** Each loaded spec's signature id, computed once: the spec recomputes it (a SHA-256) on every call. */
    private final Map<NamedSpec, String> signatureIds = new IdentityHashMap<>();

    LoadedSpecs(Map<String, RewardSpec> specs) {
        Map<String, NamedSpec> m = new LinkedHashMap<>();
        specs.forEach((name, spec) -> m.put(name, new NamedSpec(name, spec)));
        this.byName = Collections.unmodifiableMap(m);
        this.defaultSpec = m.values().iterator().next();
        for (NamedSpec s : m.values()) {
            signatureIds.put(s, s.signatureId());
        }
    }

    /** {@link NamedSpec#signatureId()}, from the cache for a loaded spec. */
    String signatureId(NamedSpec spec) {
        String id = signatureIds.get(spec);
        return id != null ? id : spec.signatureId();
    }

    NamedSpec defaultSpec() {
        return defaultSpec;
    }

    List<NamedSpec> all() {
        return new ArrayList<>(byName.values());
    }

    List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    /** The spec named {@code name}, or the default when {@code name} is null or empty. */
    NamedSpec select(String name) {
        if (name == null || name.isEmpty()) {
            return defaultSpec;
        }
        NamedSpec s = byName.get(name);
        if (s == null) {
            throw unknown(name);
        }
        return s;
    }

    /** The spec named {@code name}, or null. */
    NamedSpec find(String name) {
        return byName.get(name);
    }

    /** 404 listing the loaded specs. */
    HttpProblem unknown(String name) {
        return new HttpProblem(404, "unknown_spec", "no spec named '" + name + "' is loaded; loaded specs: "
                + String.join(", ", byName.keySet()), Map.of("loaded_specs", names()), Map.of());
    }
}
