package dev.arbiter.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Reward;
import dev.arbiter.core.group.GroupTransform;
import dev.arbiter.core.group.GroupTransformRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A resolved spec document: the root reward and the per-sample time budget.
 *
 * <p>A spec document is a reward node (a map with {@code type} and that type's parameters). The root node may
 * also carry {@code deadline}: the hard time budget of each sample (default {@link #DEFAULT_DEADLINE}), and
 * {@code group}: a group transform applied after per-sample scoring to the rollouts sharing a group key.
 *
 * @param reward   the root reward
 * @param deadline the time budget of one sample
 * @param source   where the spec came from (file name or {@code <inline>})
 * @param group    the group transform, or {@code null} for none
 */
public record RewardSpec(Reward reward, Duration deadline, String source, GroupTransform group) {
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(2);

    public RewardSpec {
        Objects.requireNonNull(reward, "reward");
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.isZero() || deadline.isNegative()) {
            throw new IllegalArgumentException("deadline (" + deadline + ") must be positive");
        }
    }

    /** A spec without a group transform. */
    public RewardSpec(Reward reward, Duration deadline, String source) {
        this(reward, deadline, source, null);
    }

    /** The same spec with another deadline. */
    public RewardSpec withDeadline(Duration newDeadline) {
        return new RewardSpec(reward, newDeadline, source, group);
    }

    /** The full signature: the root reward's, then the deadline. */
    public String signature() {
        return reward.signature().text() + (group == null ? "" : "|group=" + group.signature().text())
                + "|deadline=" + deadline.toMillis() + "ms";
    }

    /** Twelve hex digits naming {@link #signature()}. */
    public String signatureId() {
        return dev.arbiter.core.RewardSignature.shortHash(signature());
    }

    /**
     * Resolves a spec given on a command line or in a request: a path to a YAML/JSON file if one exists there,
     * otherwise inline YAML/JSON text, or a bare type name such as {@code exact_match}.
     */
    public static RewardSpec resolve(String specOrPath, RewardRegistry registry) {
        SpecParser parser = new SpecParser();
        Path p = pathOrNull(specOrPath);
        if (p != null && !Files.exists(p) && specOrPath.matches("[^\\s:{}]+\\.(ya?ml|json)")) {
            throw new SpecException(specOrPath + ": no such spec file");
        }
        SpecNode root = p != null && Files.isRegularFile(p) ? parser.parseFile(p) : parser.parse("<inline>", specOrPath);
        return fromNode(root, registry);
    }

    public static RewardSpec load(Path file, RewardRegistry registry) {
        return fromNode(new SpecParser().parseFile(file), registry);
    }

    public static RewardSpec fromNode(SpecNode root, RewardRegistry registry) {
        Duration deadline = DEFAULT_DEADLINE;
        JsonNode n = root.node();
        if (n.isObject() && n.has("deadline")) {
            deadline = Params.duration(root.child("deadline"), n.get("deadline"));
            if (deadline.isZero()) {
                throw root.child("deadline").error("the deadline must be positive");
            }
        }
        Reward reward = registry.build(root, List.of("deadline", "group"));
        GroupTransform group = null;
        if (n.isObject() && n.has("group")) {
            group = GroupTransformRegistry.fromServiceLoader().build(root.child("group"), registry);
        }
        return new RewardSpec(reward, deadline, root.sourceName(), group);
    }

    private static Path pathOrNull(String s) {
        if (s.indexOf('\n') >= 0 || s.length() > 4096) {
            return null;
        }
        try {
            return Path.of(s);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
