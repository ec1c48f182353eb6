package dev.arbiter.models.eureka;

import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.RewardFactory;
import dev.arbiter.core.spec.RewardRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The reward types a proposer may use, listed for the LLM with their parameters and defaults, in name order (so the
 * prompt is the same for the same build). A selection by type or family name narrows the list; the composition
 * types of {@code core} are always offered. {@link #registry()} builds only the offered types, so a candidate using
 * any other type fails validation with the registry's usual message.
 */
public final class RewardVocabulary {
    private final List<RewardFactory> types;

    private RewardVocabulary(List<RewardFactory> types) {
        this.types = List.copyOf(types);
    }

    /**
     * The types of {@code registry} named in {@code include} (type names or family names such as {@code text}), plus
     * the {@code core} family; every type when {@code include} is empty.
     *
     * @throws IllegalArgumentException for a name that is neither a type nor a family
     */
    public static RewardVocabulary of(RewardRegistry registry, Collection<String> include) {
        Collection<RewardFactory> all = registry.factories();
        if (include == null || include.isEmpty()) {
            return new RewardVocabulary(new ArrayList<>(all));
        }
        Set<String> names = all.stream().map(RewardFactory::name).collect(Collectors.toSet());
        Set<String> families = all.stream().map(RewardFactory::family).collect(Collectors.toCollection(TreeSet::new));
        Set<String> wanted = new LinkedHashSet<>();
        for (String s : include) {
            String t = s.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (!names.contains(t) && !families.contains(t)) {
                throw new IllegalArgumentException("'" + t + "' is neither a reward type nor a family; families: "
                        + String.join(", ", families) + "; types: " + registry.knownTypes());
            }
            wanted.add(t);
        }
        List<RewardFactory> out = new ArrayList<>();
        for (RewardFactory f : all) {
            if (f.family().equals("core") || wanted.contains(f.name()) || wanted.contains(f.family())) {
                out.add(f);
            }
        }
        return new RewardVocabulary(out);
    }

    public List<RewardFactory> types() {
        return types;
    }

    /** A registry of the offered types only; the caller closes it. */
    public RewardRegistry registry() {
        return new RewardRegistry(types);
    }

    /** The listing for the prompt: one block per type. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (RewardFactory f : types) {
            sb.append("- ").append(f.name()).append(" [").append(f.family()).append("]: ").append(f.description().strip()).append('\n');
            for (Param p : f.parameters()) {
                sb.append("    ").append(p.name()).append(" (").append(p.typeLabel()).append(", ")
                        .append(p.required() ? "required" : "default " + show(p.defaultValue())).append(")");
                if (p.description() != null && !p.description().isBlank()) {
                    sb.append(": ").append(p.description().strip());
                }
                sb.append('\n');
            }
        }
        return sb.toString().stripTrailing();
    }

    static String show(Object v) {
        if (v == null) {
            return "none";
        }
        if (v instanceof Duration d) {
            return d.toMillis() + "ms";
        }
        if (v instanceof String s) {
            return s.isEmpty() ? "\"\"" : s;
        }
        if (v instanceof Set<?> set) {
            return set.stream().map(RewardVocabulary::show).sorted().collect(Collectors.joining(", ", "[", "]"));
        }
        if (v instanceof Collection<?> c) {
            return c.stream().map(RewardVocabulary::show).collect(Collectors.joining(", ", "[", "]"));
        }
        if (v instanceof Map<?, ?> m) {
            java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
            m.forEach((k, x) -> sorted.put(String.valueOf(k), show(x)));
            return sorted.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(v);
    }
}
